namespace FgClep.Benchmarks;

/// <summary>Small statistics for benchmark samples.</summary>
internal static class BenchmarkStats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Median absolute deviation from the median, a robust spread for noisy shared machines.</summary>
    public static double MedianAbsoluteDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        double median = Median(list);
        return Median(list.Select(v => Math.Abs(v - median)));
    }

    public static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        var text = BenchmarkData.Option(args, name);
        if (text is null) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ArgumentException($"{name} expects a positive integer; got '{text}'.");
        return value;
    }
}
