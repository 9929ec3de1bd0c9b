namespace FgClep.Data;

/// <summary>
/// Settings of <see cref="EcgPreprocessor"/>. A serialisable record: it is saved with every model so
/// training, enrichment and inference preprocess signals the same way.
/// </summary>
public sealed record EcgPreprocessorOptions
{
    /// <summary>Output sampling rate in Hz. Default 100.</summary>
    public double SamplingRate { get; init; } = 100;

    /// <summary>Output samples per lead (crop or zero-pad). Default 1000 (10 s at 100 Hz).</summary>
    public int SampleCount { get; init; } = 1000;

    /// <summary>Output lead order; leads are matched by name. Default: the standard 12 leads.</summary>
    public IReadOnlyList<string> Leads { get; init; } = StandardLeads.Twelve;
}
