namespace FgClep.Benchmarks;

/// <summary>
/// One row of the suite's table and of <c>results.json</c>: a headline <see cref="Value"/> (usually a ratio measured
/// side by side in one run), its goal (<see cref="AtLeast"/> and/or <see cref="AtMost"/>), a readable summary of the
/// figures behind it, and the figures themselves for machines.
/// </summary>
internal sealed record BenchmarkResult(string Benchmark, string Measure)
{
    public double? Value { get; init; }

    public double? AtLeast { get; init; }

    public double? AtMost { get; init; }

    /// <summary>The figures behind <see cref="Value"/>, for people (goes in the table).</summary>
    public string Summary { get; init; } = "";

    /// <summary>The same figures for machines (name → number).</summary>
    public Dictionary<string, double> Figures { get; init; } = new();

    /// <summary>Why the row was skipped or failed, or what bounds the figure.</summary>
    public string? Note { get; init; }

    public bool Skipped { get; init; }

    public double Seconds { get; set; }

    /// <summary>The machine's one-minute load average when the benchmark started (Linux).</summary>
    public double? LoadAverage { get; set; }

    /// <summary>Null when there is no goal or no value.</summary>
    public bool? GoalMet => Value is not double v || (AtLeast is null && AtMost is null)
        ? null
        : (AtLeast is not double lo || v >= lo) && (AtMost is not double hi || v <= hi);

    public string GoalText => (AtLeast, AtMost) switch
    {
        (double lo, null) => FormattableString.Invariant($">= {lo:0.###}"),
        (null, double hi) => FormattableString.Invariant($"<= {hi:0.###}"),
        (double lo, double hi) => FormattableString.Invariant($"{lo:0.###}..{hi:0.###}"),
        _ => "",
    };

    public static BenchmarkResult Skip(string benchmark, string measure, string why) =>
        new(benchmark, measure) { Skipped = true, Note = why, Summary = "skipped: " + why };
}
