namespace FgClep.Evaluation;

/// <summary>Macro AUPRC (average precision) over the classes with positives, the per-class values (NaN where undefined) and how many were excluded.</summary>
/// <param name="Macro">Mean average precision over classes with at least one positive.</param>
/// <param name="PerClass">Average precision per class, NaN for classes without positives.</param>
/// <param name="ExcludedClasses">Number of classes left out of the macro average.</param>
public sealed record MacroAuprc(double Macro, IReadOnlyList<double> PerClass, int ExcludedClasses);
