using FgClep.Datasets.Cache;
using FgClep.Preprocessing;

namespace FgClep.Training;

/// <summary>
/// Preprocessed (ECG, report) pairs for shuffled batching: signals are lead-major [leads × samples] per pair, as
/// <see cref="FgClep.Preprocessing.EcgPreprocessor"/> writes them. They are held in memory (<see cref="Add"/>), or read
/// from an on-disk <see cref="EcgShardCache"/> as batches need them (<see cref="FromCache"/>), so a corpus larger than
/// memory can be trained on; the reports are always in memory.
/// </summary>
public sealed class ClepTrainingData
{
    private readonly List<float[]> _signals = new();
    private readonly List<string> _reports = new();
    private readonly EcgShardCache? _cache;

    /// <summary>Creates an empty in-memory set for signals of <paramref name="leadCount"/> × <paramref name="sampleCount"/>.</summary>
    public ClepTrainingData(int leadCount, int sampleCount)
    {
        if (leadCount <= 0) throw new ArgumentOutOfRangeException(nameof(leadCount));
        if (sampleCount <= 0) throw new ArgumentOutOfRangeException(nameof(sampleCount));
        LeadCount = leadCount;
        SampleCount = sampleCount;
    }

    private ClepTrainingData(EcgShardCache cache) : this(cache.LeadCount, cache.SampleCount)
    {
        _cache = cache;
    }

    /// <summary>
    /// Pairs read from <paramref name="cache"/>: signals stay on disk and are read (and checked) when a batch needs them.
    /// The cache must stay open while the set is used; its owner disposes it.
    /// </summary>
    public static ClepTrainingData FromCache(EcgShardCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new ClepTrainingData(cache);
    }

    /// <summary>Leads per signal.</summary>
    public int LeadCount { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => _cache?.Count ?? _signals.Count;

    /// <summary>True when the signals are read from an <see cref="EcgShardCache"/> rather than held in memory.</summary>
    public bool IsOnDisk => _cache is not null;

    /// <summary>The report of pair <paramref name="index"/>.</summary>
    public string Report(int index) => _cache is { } cache ? cache.Report(index) : _reports[index];

    /// <summary>The signal of pair <paramref name="index"/> (for a set on disk, a new array read from the cache).</summary>
    public ReadOnlySpan<float> Signal(int index)
    {
        if (_cache is null) return _signals[index];
        var signal = new float[LeadCount * SampleCount];
        _cache.ReadSignal(index, signal);
        return signal;
    }

    /// <summary>Copies the signal of pair <paramref name="index"/> into <paramref name="destination"/> (leads × samples values); thread-safe.</summary>
    public void CopySignal(int index, Span<float> destination)
    {
        if (_cache is { } cache) cache.ReadSignal(index, destination);
        else _signals[index].CopyTo(destination);
    }

    /// <summary>Adds a pair; the signal must have leads × samples finite values and the report must not be empty.</summary>
    /// <exception cref="InvalidOperationException">The set reads from a cache (write to an <see cref="EcgShardCacheWriter"/> instead).</exception>
    public void Add(float[] signal, string report, string? recordId = null)
    {
        if (_cache is not null) throw new InvalidOperationException($"These pairs are read from the ECG cache '{_cache.Directory}'; add pairs with an EcgShardCacheWriter.");
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
