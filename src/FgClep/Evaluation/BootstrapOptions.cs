namespace FgClep.Evaluation;

/// <summary>Settings of <see cref="Bootstrap"/>.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of resamples. Default 1,000.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed of the row draws; the same seed and data give the same intervals. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Confidence level of the percentile interval. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}
