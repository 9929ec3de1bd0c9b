namespace FgClep.Evaluation;

/// <summary>One value of a <see cref="MetricsTable"/>, as a fraction in [0, 1] (shown as a percentage), with an optional interval.</summary>
/// <param name="Value">The metric, in [0, 1], or NaN when undefined.</param>
/// <param name="Lower">Lower bound of the confidence interval, or null.</param>
/// <param name="Upper">Upper bound of the confidence interval, or null.</param>
public sealed record MetricsTableCell(double Value, double? Lower = null, double? Upper = null)
{
    /// <summary>Whether the cell has a confidence interval with both bounds defined.</summary>
    public bool HasInterval => Lower is { } lo && Upper is { } hi && !double.IsNaN(lo) && !double.IsNaN(hi);
}
