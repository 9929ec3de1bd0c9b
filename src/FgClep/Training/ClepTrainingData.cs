using FgClep.Preprocessing;

namespace FgClep.Training;

/// <summary>
/// Preprocessed (ECG, report) pairs held in memory for shuffled batching: signals are lead-major
/// [leads × samples] per pair, as <see cref="FgClep.Preprocessing.EcgPreprocessor"/> writes them.
/// </summary>
public sealed class ClepTrainingData
{
    private readonly List<float[]> _signals = new();
    private readonly List<string> _reports = new();

    /// <summary>Creates an empty set for signals of <paramref name="leadCount"/> × <paramref name="sampleCount"/>.</summary>
    public ClepTrainingData(int leadCount, int sampleCount)
    {
        if (leadCount <= 0) throw new ArgumentOutOfRangeException(nameof(leadCount));
        if (sampleCount <= 0) throw new ArgumentOutOfRangeException(nameof(sampleCount));
        LeadCount = leadCount;
        SampleCount = sampleCount;
    }

    /// <summary>Leads per signal.</summary>
    public int LeadCount { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => _signals.Count;

    /// <summary>The report of pair <paramref name="index"/>.</summary>
    public string Report(int index) => _reports[index];

    /// <summary>The signal of pair <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Signal(int index) => _signals[index];

    /// <summary>Adds a pair; the signal must have leads × samples finite values and the report must not be empty.</summary>
    public void Add(float[] signal, string report, string? recordId = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var name = recordId ?? $"#{Count}";
        if (signal.Length != LeadCount * SampleCount)
            throw new ArgumentException($"Signal of record {name} has {signal.Length} values; expected {LeadCount} leads × {SampleCount} samples = {LeadCount * SampleCount}.", nameof(signal));
        if (string.IsNullOrWhiteSpace(report))
            throw new ArgumentException($"Report of record {name} is empty; remove or fill such records before training.", nameof(report));
        for (int i = 0; i < signal.Length; i++)
            if (!float.IsFinite(signal[i]))
                throw new ArgumentException($"Signal of record {name} has a non-finite value at index {i}; preprocess it first (EcgPreprocessor repairs NaN).", nameof(signal));
        _signals.Add(signal);
        _reports.Add(report);
    }
}
