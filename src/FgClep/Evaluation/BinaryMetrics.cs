namespace FgClep.Evaluation;

/// <summary>
/// One class's scores sorted once, with their tie groups, so AUROC and average precision can be computed in linear time
/// for any integer row weights (a bootstrap resample is the weight vector "times each row was drawn").
/// </summary>
internal sealed class BinaryMetrics
{
    private readonly int[] _order;       // rows by ascending score
    private readonly int[] _groupStarts; // tie group g is _order[_groupStarts[g] .. _groupStarts[g + 1])
    private readonly bool[] _labels;

    public BinaryMetrics(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"Got {scores.Length} scores for {labels.Length} labels.", nameof(labels));
        int n = scores.Length;
        _order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            _order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, _order);
        var starts = new List<int>();
        for (int i = 0; i < n; i++)
            if (i == 0 || keys[i] != keys[i - 1]) starts.Add(i);
        starts.Add(n);
        _groupStarts = starts.ToArray();
        _labels = labels.ToArray();
    }

    public int Count => _labels.Length;

    /// <summary>Rows labelled positive.</summary>
    public int Positives => _labels.Count(l => l);

    /// <summary>AUROC with ties counted one half; NaN without both classes. Empty <paramref name="weights"/> = every row once.</summary>
    public double Auroc(ReadOnlySpan<int> weights = default)
    {
        double negativesBelow = 0, positives = 0, wins = 0;
        for (int g = 0; g + 1 < _groupStarts.Length; g++)
        {
            var (p, q) = GroupWeights(g, weights);
            wins += p * (negativesBelow + 0.5 * q);
            negativesBelow += q;
            positives += p;
        }
        return positives == 0 || negativesBelow == 0 ? double.NaN : wins / (positives * negativesBelow);
    }

    /// <summary>
    /// Average precision Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct scores from the highest down (a tie group is one threshold);
    /// NaN without positives, 1 for a perfect ranking. Empty <paramref name="weights"/> = every row once.
    /// </summary>
    public double AveragePrecision(ReadOnlySpan<int> weights = default)
    {
        double truePositives = 0, falsePositives = 0, sum = 0;
        for (int g = _groupStarts.Length - 2; g >= 0; g--)
        {
            var (p, q) = GroupWeights(g, weights);
            truePositives += p;
            falsePositives += q;
            if (p > 0) sum += p * (truePositives / (truePositives + falsePositives));
        }
        return truePositives == 0 ? double.NaN : sum / truePositives;
    }

    private (double Positives, double Negatives) GroupWeights(int group, ReadOnlySpan<int> weights)
    {
        double p = 0, q = 0;
        for (int k = _groupStarts[group]; k < _groupStarts[group + 1]; k++)
        {
            int row = _order[k];
            int w = weights.IsEmpty ? 1 : weights[row];
            if (_labels[row]) p += w; else q += w;
        }
        return (p, q);
    }

    /// <summary>One ranking per column of a row-major [samples × classes] score matrix with a 0/1 label matrix of the same shape.</summary>
    public static BinaryMetrics[] PerClass(float[] scores, float[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Give at least one class.");
        if (scores.Length != labels.Length || scores.Length % classCount != 0)
            throw new ArgumentException($"Scores ({scores.Length}) and labels ({labels.Length}) must both be samples × {classCount}.");
        int samples = scores.Length / classCount;
        var result = new BinaryMetrics[classCount];
        var s = new float[samples];
        var y = new bool[samples];
        for (int c = 0; c < classCount; c++)
        {
            for (int i = 0; i < samples; i++) { s[i] = scores[i * classCount + c]; y[i] = labels[i * classCount + c] > 0.5f; }
            result[c] = new BinaryMetrics(s, y);
        }
        return result;
    }

    /// <summary>Mean of the defined (non-NaN) values, NaN when none is; <paramref name="excluded"/> counts the NaN ones.</summary>
    public static double MeanOfDefined(ReadOnlySpan<double> values, out int excluded)
    {
        double sum = 0;
        int defined = 0;
        foreach (var v in values)
            if (!double.IsNaN(v)) { sum += v; defined++; }
        excluded = values.Length - defined;
        return defined == 0 ? double.NaN : sum / defined;
    }
}
