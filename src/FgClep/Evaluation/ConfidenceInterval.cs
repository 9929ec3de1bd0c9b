using System.Globalization;

namespace FgClep.Evaluation;

/// <summary>A point estimate with a confidence interval from resampled values.</summary>
/// <param name="Estimate">The statistic on the full data.</param>
/// <param name="Lower">Lower bound (NaN when no resample was usable).</param>
/// <param name="Upper">Upper bound (NaN when no resample was usable).</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="Resamples">Resamples the bounds come from (those where the statistic was defined).</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level, int Resamples)
{
    /// <summary>
    /// The percentile interval: the (1 − level)/2 and (1 + level)/2 quantiles of the resampled values, interpolated linearly
    /// between order statistics (NumPy's default). NaN values (resamples where the statistic is undefined) are skipped.
    /// </summary>
    /// <param name="estimate">The statistic on the full data.</param>
    /// <param name="resampled">The statistic on each resample.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <returns>The interval; its bounds are NaN when every resampled value is NaN.</returns>
    public static ConfidenceInterval Percentile(double estimate, IEnumerable<double> resampled, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(resampled);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        var sorted = resampled.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, level, 0);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(estimate, Quantile(sorted, alpha), Quantile(sorted, 1 - alpha), level, sorted.Length);
    }

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>The estimate and bounds with four decimals, e.g. <c>0.7928 [0.7810, 0.8044]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Estimate:0.0000} [{Lower:0.0000}, {Upper:0.0000}]");
}
