using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Modeling.Losses;

/// <summary>
/// The sigmoid contrastive (SigLIP) loss: <c>logits = exp(logitScale) · ecg · textᵀ + logitBias</c>, labels <c>z = 2I − 1</c>,
/// <c>L = −Σᵢⱼ log σ(zᵢⱼ · logitsᵢⱼ) / B</c>. Computed in float32 (float64 inputs stay float64) with a stable log-sigmoid.
/// </summary>
public static class SigmoidContrastiveLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="ecgEmbeddings">L2-normalised ECG embeddings <c>[B, P]</c>; row i pairs with text row i.</param>
    /// <param name="textEmbeddings">L2-normalised text embeddings <c>[B, P]</c>.</param>
    /// <param name="logitScale">Scalar <c>log t</c>; the temperature is <c>t = exp(logitScale)</c>.</param>
    /// <param name="logitBias">Scalar bias <c>b</c>.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Compute(Tensor ecgEmbeddings, Tensor textEmbeddings, Tensor logitScale, Tensor logitBias)
    {
        CheckPair(ecgEmbeddings, textEmbeddings);
        CheckScalar(logitScale, nameof(logitScale));
        CheckScalar(logitBias, nameof(logitBias));
        using var scope = NewDisposeScope();
        var dtype = ComputeType(ecgEmbeddings);
        var logits = Logits(ecgEmbeddings.to(dtype), textEmbeddings.to(dtype), logitScale.to(dtype), logitBias.to(dtype));
        var batch = ecgEmbeddings.shape[0];
        var labels = eye(batch, dtype: dtype, device: logits.device).mul_(2).sub_(1);
        var loss = nn.functional.logsigmoid(labels.mul(logits)).sum().neg().div(batch);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary><c>exp(logitScale) · ecg · textᵀ + logitBias</c>, <c>[B_ecg, B_text]</c>.</summary>
    internal static Tensor Logits(Tensor ecg, Tensor text, Tensor logitScale, Tensor logitBias)
    {
        using var scope = NewDisposeScope();
        return ecg.matmul(text.t()).mul(logitScale.reshape([]).exp()).add(logitBias.reshape([])).MoveToOuterDisposeScope();
    }

    /// <summary>float64 stays float64; everything else is computed in float32.</summary>
    internal static ScalarType ComputeType(Tensor t) => t.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>Throws unless both are <c>[B, P]</c> with the same B ≥ 1 and P.</summary>
    internal static void CheckPair(Tensor ecgEmbeddings, Tensor textEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(ecgEmbeddings);
        ArgumentNullException.ThrowIfNull(textEmbeddings);
        if (ecgEmbeddings.dim() != 2 || !ecgEmbeddings.shape.SequenceEqual(textEmbeddings.shape) || ecgEmbeddings.shape[0] == 0)
            throw new ArgumentException(
                $"Expected ECG and text embeddings of the same shape [B, P] with B ≥ 1; found [{string.Join(", ", ecgEmbeddings.shape)}] " +
                $"and [{string.Join(", ", textEmbeddings.shape)}].");
    }

    /// <summary>Throws unless the tensor holds exactly one value.</summary>
    internal static void CheckScalar(Tensor value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.numel() != 1)
            throw new ArgumentException($"Expected a scalar tensor; found shape [{string.Join(", ", value.shape)}].", name);
    }
}
