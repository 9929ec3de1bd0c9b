namespace FgClep.Evaluation;

/// <summary>The metrics of one class of a multi-label evaluation.</summary>
/// <param name="Name">The class name (the score column's slot name).</param>
/// <param name="Positives">Rows labelled with the class.</param>
/// <param name="Auroc">AUROC of the class's score; NaN when every row or no row has the class.</param>
/// <param name="Auprc">Average precision of the class's score; NaN when no row has the class.</param>
public sealed record MultiLabelClassMetrics(string Name, int Positives, double Auroc, double Auprc);
