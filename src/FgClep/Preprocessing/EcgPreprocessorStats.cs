namespace FgClep.Preprocessing;

/// <summary>What <see cref="EcgPreprocessor"/> had to repair or change in one record.</summary>
public sealed record EcgPreprocessorStats
{
    /// <summary>Non-finite samples (NaN, ±∞) replaced by linear interpolation, over all leads (counted at the input rate).</summary>
    public int RepairedSamples { get; init; }

    /// <summary>Leads present in the record but without a single finite sample; they are output as zeros.</summary>
    public IReadOnlyList<string> EmptyLeads { get; init; } = Array.Empty<string>();

    /// <summary>Output leads the record does not have; they are output as zeros.</summary>
    public IReadOnlyList<string> MissingLeads { get; init; } = Array.Empty<string>();

    /// <summary>Record leads that are not part of the output layout and were dropped.</summary>
    public IReadOnlyList<string> IgnoredLeads { get; init; } = Array.Empty<string>();

    /// <summary>Leads that were constant after filtering; normalisation leaves them at zero instead of dividing by zero.</summary>
    public IReadOnlyList<string> FlatLeads { get; init; } = Array.Empty<string>();

    /// <summary>Samples per lead after resampling, before cropping or padding.</summary>
    public int ResampledLength { get; init; }

    /// <summary>Samples per lead removed by cropping.</summary>
    public int CroppedSamples { get; init; }

    /// <summary>Zero samples per lead appended by padding.</summary>
    public int PaddedSamples { get; init; }
}
