namespace FgClep.Evaluation;

/// <summary>Macro AUROC over the classes where it is defined, the per-class values (NaN where undefined) and how many were excluded.</summary>
/// <param name="Macro">Mean AUROC over classes with both positives and negatives.</param>
/// <param name="PerClass">AUROC per class, NaN for classes without both positives and negatives.</param>
/// <param name="ExcludedClasses">Number of classes left out of the macro average.</param>
public sealed record MacroAuroc(double Macro, IReadOnlyList<double> PerClass, int ExcludedClasses);
