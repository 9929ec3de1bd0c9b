namespace FgClep.Plots;

/// <summary>Points of an empirical ROC curve: one vertex per distinct score threshold, from (0, 0) to (1, 1).</summary>
internal static class RocCurve
{
    /// <summary>
    /// False- and true-positive rates as the threshold sweeps down through the distinct scores. Tied scores move
    /// both rates at once, so the trapezoidal area under these points equals the mid-rank AUROC.
    /// </summary>
    public static (double[] FalsePositiveRate, double[] TruePositiveRate) Points(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"Got {scores.Length} scores for {labels.Length} labels.", nameof(labels));
        int n = scores.Length;
        var keys = scores.ToArray();
        var hits = labels.ToArray();
        for (int i = 0; i < n; i++)
            if (float.IsNaN(keys[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
        Array.Sort(keys, hits);

        int positives = hits.Count(h => h), negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"A ROC curve needs positives and negatives; got {positives} positives and {negatives} negatives.", nameof(labels));

        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        for (int end = n - 1; end >= 0;)
        {
            int start = end;
            while (start - 1 >= 0 && keys[start - 1] == keys[end]) start--;
            for (int k = start; k <= end; k++) { if (hits[k]) tp++; else fp++; }
            fpr.Add((double)fp / negatives);
            tpr.Add((double)tp / positives);
            end = start - 1;
        }
        return (fpr.ToArray(), tpr.ToArray());
    }
}
