using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Modeling.Losses;

/// <summary>
/// The symmetric InfoNCE (CLIP) loss: <c>logits = exp(logitScale) · ecg · textᵀ</c>, the mean of the cross-entropy over rows
/// (ECG → text) and over columns (text → ECG) with the diagonal as targets. Computed in float32 (float64 inputs stay float64).
/// </summary>
public static class InfoNceLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="ecgEmbeddings">L2-normalised ECG embeddings <c>[B, P]</c>.</param>
    /// <param name="textEmbeddings">L2-normalised text embeddings <c>[B, P]</c>.</param>
    /// <param name="logitScale">Scalar <c>log t</c>; logits are multiplied by <c>exp(logitScale)</c>.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Compute(Tensor ecgEmbeddings, Tensor textEmbeddings, Tensor logitScale)
    {
        SigmoidContrastiveLoss.CheckPair(ecgEmbeddings, textEmbeddings);
        SigmoidContrastiveLoss.CheckScalar(logitScale, nameof(logitScale));
        using var scope = NewDisposeScope();
        var dtype = SigmoidContrastiveLoss.ComputeType(ecgEmbeddings);
        var logits = ecgEmbeddings.to(dtype).matmul(textEmbeddings.to(dtype).t()).mul(logitScale.to(dtype).reshape([]).exp());
        var targets = arange(ecgEmbeddings.shape[0], dtype: ScalarType.Int64, device: logits.device);
        var loss = nn.functional.cross_entropy(logits, targets).add(nn.functional.cross_entropy(logits.t(), targets)).div(2);
        return loss.MoveToOuterDisposeScope();
    }
}
