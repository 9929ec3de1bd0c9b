using System.Text.Json.Serialization;
using FgClep.IO;

namespace FgClep.Preprocessing;

/// <summary>
/// Settings of <see cref="EcgPreprocessor"/>. A serialisable record (System.Text.Json): it is saved with every model
/// so training, enrichment and inference preprocess signals the same way. Two option sets are equal when all
/// settings, including the lead names in order, are equal.
/// </summary>
public sealed record EcgPreprocessorOptions
{
    /// <summary>Output sampling rate in Hz. Default 100.</summary>
    public double SamplingRate { get; init; } = 100;

    /// <summary>Output samples per lead (crop or zero-pad). Default 1000 (10 s at 100 Hz).</summary>
    public int SampleCount { get; init; } = 1000;

    /// <summary>Output lead order; leads are matched by name (aliases such as <c>C1</c> or <c>AVR</c> accepted). Default: the standard 12 leads.</summary>
    public IReadOnlyList<string> Leads { get; init; } = StandardLeads.Twelve;

    /// <summary>
    /// High-pass cut-off in Hz that removes baseline wander (zero-phase second-order Butterworth, applied forwards
    /// and backwards); null turns it off. Default 0.5.
    /// </summary>
    public double? HighPassHz { get; init; } = 0.5;

    /// <summary>
    /// Low-pass cut-off in Hz (zero-phase second-order Butterworth); null turns it off. Skipped when it is not below
    /// half the output sampling rate (resampling already limits the band). Default 40.
    /// </summary>
    public double? LowPassHz { get; init; } = 40;

    /// <summary>Per-lead amplitude normalisation. Default <see cref="EcgPreprocessorNormalization.ZScore"/>.</summary>
    public EcgPreprocessorNormalization Normalization { get; init; } = EcgPreprocessorNormalization.ZScore;

    /// <summary>Which part of a longer record is kept. Default <see cref="EcgPreprocessorCropMode.Center"/>. Shorter records are zero-padded at the end.</summary>
    public EcgPreprocessorCropMode Crop { get; init; } = EcgPreprocessorCropMode.Center;

    /// <summary>
    /// Drop source leads whose names are not standard leads (e.g. the Frank leads vx, vy, vz) instead of failing.
    /// Default false.
    /// </summary>
    public bool IgnoreUnknownLeads { get; init; }

    /// <inheritdoc />
    public bool Equals(EcgPreprocessorOptions? other)
        => other is not null
           && SamplingRate.Equals(other.SamplingRate) && SampleCount == other.SampleCount
           && Leads.SequenceEqual(other.Leads, StringComparer.Ordinal)
           && Nullable.Equals(HighPassHz, other.HighPassHz) && Nullable.Equals(LowPassHz, other.LowPassHz)
           && Normalization == other.Normalization && Crop == other.Crop && IgnoreUnknownLeads == other.IgnoreUnknownLeads;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(SamplingRate);
        hash.Add(SampleCount);
        foreach (var lead in Leads) hash.Add(lead, StringComparer.Ordinal);
        hash.Add(HighPassHz);
        hash.Add(LowPassHz);
        hash.Add(Normalization);
        hash.Add(Crop);
        hash.Add(IgnoreUnknownLeads);
        return hash.ToHashCode();
    }
}
