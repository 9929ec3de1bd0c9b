namespace FgClep.Data;

/// <summary>Settings of <see cref="SyntheticEcgGenerator"/>.</summary>
public sealed record SyntheticEcgOptions
{
    /// <summary>Seed; the same seed and index always give the same record. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Sampling rate in Hz. Default 500.</summary>
    public double SamplingRate { get; init; } = 500;

    /// <summary>Duration in seconds. Default 10.</summary>
    public double DurationSeconds { get; init; } = 10;
}
