using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Modeling.Losses;

/// <summary>
/// The false-negative mitigation loss of FG-CLEP: with the report similarities <c>S = text · textᵀ</c> (no gradient) and the
/// ECG–report similarities <c>C = ecg · textᵀ</c>, <c>L = Σᵢⱼ |Cᵢⱼ − Sᵢⱼ| / B</c>. It pulls an ECG towards every report in
/// the batch as much as that report resembles its own. Computed in float32 (float64 inputs stay float64).
/// </summary>
public static class FalseNegativeMitigationLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="ecgEmbeddings">L2-normalised ECG embeddings <c>[B, P]</c>.</param>
    /// <param name="textEmbeddings">L2-normalised text embeddings <c>[B, P]</c>; gradient reaches them only through <c>C</c>.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Compute(Tensor ecgEmbeddings, Tensor textEmbeddings)
    {
        SigmoidContrastiveLoss.CheckPair(ecgEmbeddings, textEmbeddings);
        using var scope = NewDisposeScope();
        var dtype = SigmoidContrastiveLoss.ComputeType(ecgEmbeddings);
        var ecg = ecgEmbeddings.to(dtype);
        var text = textEmbeddings.to(dtype);
        Tensor reportSimilarity;
        using (no_grad())
        {
            reportSimilarity = text.matmul(text.t());
        }
        var crossSimilarity = ecg.matmul(text.t());
        var loss = crossSimilarity.sub(reportSimilarity).abs().sum().div(ecgEmbeddings.shape[0]);
        return loss.MoveToOuterDisposeScope();
    }
}
