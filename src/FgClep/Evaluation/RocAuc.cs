namespace FgClep.Evaluation;

/// <summary>Exact area under the ROC curve (Mann–Whitney U with mid-ranks for ties) and its macro average.</summary>
public static class RocAuc
{
    /// <summary>
    /// AUROC of <paramref name="scores"/> for binary <paramref name="labels"/>; tied scores count one half.
    /// Returns NaN when the labels hold only one class (AUROC is undefined there).
    /// </summary>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"Got {scores.Length} scores for {labels.Length} labels.", nameof(labels));
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);

        long positives = 0;
        double positiveRankSum = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            double midRank = (start + end) / 2.0 + 1.0;
            for (int k = start; k <= end; k++)
                if (labels[order[k]]) { positives++; positiveRankSum += midRank; }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Per-class and macro AUROC for a score matrix [samples, classes] (row-major) and a 0/1 label matrix of the same shape.
    /// Classes without both positives and negatives are excluded from the macro average and counted in <see cref="MacroAuroc.ExcludedClasses"/>.
    /// </summary>
    public static MacroAuroc ComputeMacro(float[] scores, float[] labels, int classCount)
    {
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount));
        if (scores.Length != labels.Length || scores.Length % classCount != 0)
            throw new ArgumentException($"Scores ({scores.Length}) and labels ({labels.Length}) must both be samples × {classCount}.");
        int samples = scores.Length / classCount;
        var perClass = new double[classCount];
        var s = new float[samples];
        var y = new bool[samples];
        for (int c = 0; c < classCount; c++)
        {
            for (int i = 0; i < samples; i++) { s[i] = scores[i * classCount + c]; y[i] = labels[i * classCount + c] > 0.5f; }
            perClass[c] = Compute(s, y);
        }
        var defined = perClass.Where(v => !double.IsNaN(v)).ToArray();
        return new MacroAuroc(defined.Length == 0 ? double.NaN : defined.Average(), perClass, classCount - defined.Length);
    }
}
