namespace FgClep.Evaluation;

/// <summary>Bootstrap confidence intervals of macro AUROC and macro AUPRC.</summary>
/// <param name="MacroAuroc">Macro AUROC on the full data and its interval.</param>
/// <param name="MacroAuprc">Macro AUPRC (average precision) on the full data and its interval.</param>
/// <param name="Resamples">Resamples drawn (each interval says how many of them it could use).</param>
public sealed record BootstrapResult(ConfidenceInterval MacroAuroc, ConfidenceInterval MacroAuprc, int Resamples);
