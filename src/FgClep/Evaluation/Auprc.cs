namespace FgClep.Evaluation;

/// <summary>
/// Area under the precision–recall curve as average precision: AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct scores from the
/// highest down, tied scores forming one threshold (scikit-learn's <c>average_precision_score</c>). Equivalently, the mean
/// over positives of the precision among all rows scored at least as high.
/// </summary>
public static class Auprc
{
    /// <summary>
    /// Average precision of <paramref name="scores"/> for binary <paramref name="labels"/>. Returns NaN when there is no
    /// positive (undefined), and 1 when every row is positive.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or a score is NaN.</exception>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels) =>
        new BinaryMetrics(scores, labels).AveragePrecision();

    /// <summary>
    /// Per-class and macro average precision for a score matrix [samples, classes] (row-major) and a 0/1 label matrix of the
    /// same shape. Classes without positives are excluded from the macro average and counted in <see cref="MacroAuprc.ExcludedClasses"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The matrices' sizes do not match or are not a multiple of <paramref name="classCount"/>.</exception>
    public static MacroAuprc ComputeMacro(float[] scores, float[] labels, int classCount)
    {
        var perClass = BinaryMetrics.PerClass(scores, labels, classCount).Select(m => m.AveragePrecision()).ToArray();
        double macro = BinaryMetrics.MeanOfDefined(perClass, out int excluded);
        return new MacroAuprc(macro, perClass, excluded);
    }
}
