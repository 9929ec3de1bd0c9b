namespace FgClep.Evaluation;

/// <summary>
/// Percentile bootstrap over records (rows) for macro AUROC and macro AUPRC. Each resample draws as many rows as there are,
/// with replacement; a class is left out of a resample's macro average when the metric is undefined for it there (no
/// positives, or for AUROC no negatives), and a resample where no class is defined is skipped for that metric.
/// </summary>
public static class Bootstrap
{
    /// <summary>Confidence intervals of macro AUROC and macro AUPRC for a score matrix [samples, classes] (row-major) and a 0/1 label matrix of the same shape.</summary>
    /// <param name="scores">Scores, samples × classes.</param>
    /// <param name="labels">Labels (&gt; 0.5 is positive), samples × classes.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="options">Resamples (default 1,000), seed (default 0) and confidence level (default 0.95).</param>
    /// <returns>Both intervals; the estimates equal <see cref="RocAuc.ComputeMacro"/> and <see cref="Auprc.ComputeMacro"/>.</returns>
    /// <exception cref="ArgumentException">The matrices do not match, hold no rows, or a score is NaN.</exception>
    public static BootstrapResult MacroAurocAndAuprc(float[] scores, float[] labels, int classCount, BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        if (options.Resamples < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Resamples, "Resamples must be at least 1.");
        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ConfidenceLevel, "ConfidenceLevel must lie strictly between 0 and 1.");
        var classes = BinaryMetrics.PerClass(scores, labels, classCount);
        int rows = classes[0].Count;
        if (rows == 0) throw new ArgumentException("The score matrix has no rows.", nameof(scores));

        var auroc = new double[classCount];
        var auprc = new double[classCount];
        var aurocSamples = new double[options.Resamples];
        var auprcSamples = new double[options.Resamples];
        var counts = new int[rows];
        var rng = new Random(options.Seed);
        for (int r = 0; r < options.Resamples; r++)
        {
            Array.Clear(counts);
            for (int i = 0; i < rows; i++) counts[rng.Next(rows)]++;
            for (int c = 0; c < classCount; c++)
            {
                auroc[c] = classes[c].Auroc(counts);
                auprc[c] = classes[c].AveragePrecision(counts);
            }
            aurocSamples[r] = BinaryMetrics.MeanOfDefined(auroc, out _);
            auprcSamples[r] = BinaryMetrics.MeanOfDefined(auprc, out _);
        }

        for (int c = 0; c < classCount; c++)
        {
            auroc[c] = classes[c].Auroc();
            auprc[c] = classes[c].AveragePrecision();
        }
        return new BootstrapResult(
            ConfidenceInterval.Percentile(BinaryMetrics.MeanOfDefined(auroc, out _), aurocSamples, options.ConfidenceLevel),
            ConfidenceInterval.Percentile(BinaryMetrics.MeanOfDefined(auprc, out _), auprcSamples, options.ConfidenceLevel),
            options.Resamples);
    }
}
