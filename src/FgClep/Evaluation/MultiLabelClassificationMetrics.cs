
namespace FgClep.Evaluation;

/// <summary>
/// Per-class and macro AUROC and AUPRC of a multi-label scoring, as returned by
/// <c>MulticlassClassification.EvaluateMultiLabel</c>. Classes where a metric is undefined are left out of its macro average
/// and counted.
/// </summary>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="PerClass">One entry per class, in slot order.</param>
/// <param name="MacroAuroc">Mean AUROC over the classes with both positives and negatives.</param>
/// <param name="MacroAuprc">Mean AUPRC over the classes with at least one positive.</param>
/// <param name="ExcludedFromAuroc">Classes without both positives and negatives.</param>
/// <param name="ExcludedFromAuprc">Classes without a positive.</param>
public sealed record MultiLabelClassificationMetrics(int Rows, IReadOnlyList<MultiLabelClassMetrics> PerClass, double MacroAuroc,
    double MacroAuprc, int ExcludedFromAuroc, int ExcludedFromAuprc);
