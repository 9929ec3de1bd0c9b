namespace FgClep.Evaluation;

/// <summary>Exact area under the ROC curve (Mann–Whitney U with mid-ranks for ties) and its macro average.</summary>
public static class RocAuc
{
    /// <summary>
    /// AUROC of <paramref name="scores"/> for binary <paramref name="labels"/>; tied scores count one half.
    /// Returns NaN when the labels hold only one class (AUROC is undefined there).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or a score is NaN.</exception>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels) =>
        new BinaryMetrics(scores, labels).Auroc();

    /// <summary>
    /// Per-class and macro AUROC for a score matrix [samples, classes] (row-major) and a 0/1 label matrix of the same shape.
    /// Classes without both positives and negatives are excluded from the macro average and counted in <see cref="MacroAuroc.ExcludedClasses"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The matrices' sizes do not match or are not a multiple of <paramref name="classCount"/>.</exception>
    public static MacroAuroc ComputeMacro(float[] scores, float[] labels, int classCount)
    {
        var perClass = BinaryMetrics.PerClass(scores, labels, classCount).Select(m => m.Auroc()).ToArray();
        double macro = BinaryMetrics.MeanOfDefined(perClass, out int excluded);
        return new MacroAuroc(macro, perClass, excluded);
    }
}
