namespace FgClep.IO;

/// <summary>
/// One ECG recording with its report and labels. <see cref="Signal"/> holds physical units (usually mV)
/// in lead-major order: lead <c>l</c>, sample <c>s</c> is at <c>Signal[l * SampleCount + s]</c>.
/// </summary>
public sealed class EcgRecord
{
    /// <summary>Creates a record and checks that the signal length matches leads × samples.</summary>
    /// <param name="recordId">Identifier of the record (e.g. the WFDB record name or PTB-XL <c>ecg_id</c>).</param>
    /// <param name="signal">Lead-major samples in physical units.</param>
    /// <param name="leadNames">Lead names in the order they appear in <paramref name="signal"/>.</param>
    /// <param name="samplingRate">Samples per second per lead.</param>
    public EcgRecord(string recordId, float[] signal, IReadOnlyList<string> leadNames, double samplingRate)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(leadNames);
        if (leadNames.Count == 0) throw new ArgumentException("A record needs at least one lead.", nameof(leadNames));
        if (!(samplingRate > 0) || double.IsInfinity(samplingRate))
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "Sampling rate must be a positive finite number.");
        if (signal.Length % leadNames.Count != 0)
            throw new ArgumentException(
                $"Signal of record '{recordId}' has {signal.Length} values, which is not a multiple of its {leadNames.Count} leads.",
                nameof(signal));
        RecordId = recordId;
        Signal = signal;
        LeadNames = leadNames.ToArray();
        SamplingRate = samplingRate;
    }

    /// <summary>The same record with another report (the signal array is shared, not copied).</summary>
    public EcgRecord WithReport(string report) => new(RecordId, Signal, LeadNames, SamplingRate)
    {
        Report = report ?? throw new ArgumentNullException(nameof(report)),
        Labels = Labels, WaveformFeatures = WaveformFeatures, StatedFeatures = StatedFeatures, Split = Split, Units = Units, Metadata = Metadata,
    };

    /// <summary>Identifier of the record.</summary>
    public string RecordId { get; }

    /// <summary>Lead-major samples in physical units.</summary>
    public float[] Signal { get; }

    /// <summary>Lead names, in signal order.</summary>
    public IReadOnlyList<string> LeadNames { get; }

    /// <summary>Samples per second per lead.</summary>
    public double SamplingRate { get; }

    /// <summary>Number of leads.</summary>
    public int LeadCount => LeadNames.Count;

    /// <summary>Samples per lead.</summary>
    public int SampleCount => Signal.Length / LeadNames.Count;

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleCount / SamplingRate;

    /// <summary>Free-text report (may be empty, never null).</summary>
    public string Report { get; init; } = "";

    /// <summary>Label names that apply to this record (e.g. SCP codes or condition names).</summary>
    public IReadOnlyList<string> Labels { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Waveform features known to be present (ground truth), e.g. from the synthetic generator; empty for real data.
    /// </summary>
    public IReadOnlyList<string> WaveformFeatures { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The <see cref="WaveformFeatures"/> that <see cref="Report"/> states outright (same names and order), so that an
    /// evaluation can leave them out or score them apart; empty when the report states none or this is unknown.
    /// </summary>
    public IReadOnlyList<string> StatedFeatures { get; init; } = Array.Empty<string>();

    /// <summary>Split this record belongs to (<c>train</c>, <c>validation</c>, <c>test</c>), or empty when unknown.</summary>
    public string Split { get; init; } = "";

    /// <summary>Physical units of the signal (e.g. <c>mV</c>).</summary>
    public string Units { get; init; } = "mV";

    /// <summary>Other fields (age, sex, device, ...), by name.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>A read-only view of one lead's samples.</summary>
    public ReadOnlySpan<float> Lead(int index)
    {
        if ((uint)index >= (uint)LeadCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Record '{RecordId}' has {LeadCount} leads.");
        return Signal.AsSpan(index * SampleCount, SampleCount);
    }

    /// <summary>A copy of this record (sharing the signal array) in <paramref name="split"/>.</summary>
    internal EcgRecord WithSplit(string split) => new(RecordId, Signal, LeadNames, SamplingRate)
    {
        Report = Report, Labels = Labels, WaveformFeatures = WaveformFeatures, StatedFeatures = StatedFeatures, Split = split,
        Units = Units, Metadata = Metadata,
    };
}
