using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.Datasets;

/// <summary>
/// A record after preprocessing: the model <see cref="Input"/> (leads × samples, as <see cref="Preprocessing.EcgPreprocessor"/>
/// writes it) with the record's id, report, labels, split and ground truth. The raw signal is not kept.
/// </summary>
/// <param name="RecordId">The record's id.</param>
/// <param name="Input">The preprocessed signal, lead-major.</param>
/// <param name="Report">The report (translated, when the corpus was read with a translation).</param>
/// <param name="Labels">The record's classes.</param>
/// <param name="Split">"train", "validation", "test" or empty.</param>
public sealed record PreprocessedEcg(string RecordId, float[] Input, string Report, IReadOnlyList<string> Labels, string Split)
{
    /// <summary>Waveform features known to be present (synthetic records); empty otherwise.</summary>
    public IReadOnlyList<string> WaveformFeatures { get; init; } = Array.Empty<string>();

    /// <summary>The record's metadata (e.g. the synthetic heart rate).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The preprocessed form of <paramref name="record"/>, with <paramref name="input"/> as its signal.</summary>
    public static PreprocessedEcg From(EcgRecord record, float[] input, string? report = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(input);
        return new PreprocessedEcg(record.RecordId, input, report ?? record.Report, record.Labels, record.Split)
        {
            WaveformFeatures = record.WaveformFeatures,
            Metadata = record.Metadata,
        };
    }
}
