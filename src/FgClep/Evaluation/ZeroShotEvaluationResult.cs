namespace FgClep.Evaluation;

/// <summary>Zero-shot classification quality on one labelled set (rank metrics on the logits).</summary>
/// <param name="ClassNames">The classes, in score order.</param>
/// <param name="Records">Records scored.</param>
/// <param name="Auroc">Macro AUROC over the classes with positives and negatives, per-class values and how many were excluded.</param>
/// <param name="Auprc">Macro AUPRC over the classes with positives, per-class values and how many were excluded.</param>
/// <param name="Bootstrap">Percentile intervals of macro AUROC and AUPRC; null when not asked for.</param>
public sealed record ZeroShotEvaluationResult(
    IReadOnlyList<string> ClassNames, int Records, MacroAuroc Auroc, MacroAuprc Auprc, BootstrapResult? Bootstrap);
