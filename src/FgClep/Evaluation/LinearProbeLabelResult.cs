namespace FgClep.Evaluation;

/// <summary>The linear probe of one label at one training fraction.</summary>
/// <param name="Name">The class name.</param>
/// <param name="TrainPositives">Positive records in the training subset.</param>
/// <param name="TrainNegatives">Negative records in the training subset.</param>
/// <param name="L2">The L2 weight chosen on validation; null when the label was excluded.</param>
/// <param name="ValidationAuroc">Validation AUROC at <paramref name="L2"/>; NaN when undefined or excluded.</param>
/// <param name="TestAuroc">Test AUROC; NaN when excluded.</param>
/// <param name="ExclusionReason">Why the label is not in the macro average (no positives in the subset, none in test, ...); null when it is.</param>
public sealed record LinearProbeLabelResult(
    string Name, int TrainPositives, int TrainNegatives, float? L2, double ValidationAuroc, double TestAuroc, string? ExclusionReason)
{
    /// <summary>Whether the label counts in the macro average.</summary>
    public bool IsEvaluated => ExclusionReason is null;
}
