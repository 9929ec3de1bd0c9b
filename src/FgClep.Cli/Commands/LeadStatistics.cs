
namespace FgClep.Cli.Commands;

/// <summary>Mean, standard deviation, minimum and maximum of one lead, over its valid (non-NaN) samples.</summary>
internal readonly record struct LeadStatistics(int Count, int Invalid, double Mean, double Std, double Min, double Max)
{
    public static LeadStatistics Of(ReadOnlySpan<float> values)
    {
        int count = 0, invalid = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsNaN(v)) { invalid++; continue; }
            count++;
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (count == 0) return new LeadStatistics(0, invalid, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = sum / count, squares = 0;
        foreach (var v in values)
            if (!float.IsNaN(v)) squares += (v - mean) * (v - mean);
        return new LeadStatistics(count, invalid, mean, Math.Sqrt(squares / count), min, max);
    }
}
