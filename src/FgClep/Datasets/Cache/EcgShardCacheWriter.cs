using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FgClep.Datasets.Cache;

/// <summary>
/// Writes preprocessed signals and their reports into an <see cref="EcgShardCache"/> folder, one shard at a time. A shard
/// becomes part of the cache only when it is full (or at <see cref="Complete"/>): its files are flushed to disk, renamed
/// from <c>.part</c>, and the manifest is rewritten. An interrupted write therefore loses at most the shard being filled,
/// and opening the folder again with the same key resumes after the last sealed shard.
/// </summary>
/// <remarks>One writer per folder at a time: it holds an exclusive lock on <c>writer.lock</c>, and a second one gets an <see cref="EcgShardCacheInUseException"/>.</remarks>
public sealed class EcgShardCacheWriter : IDisposable
{
    /// <summary>Records per shard unless told otherwise: 24 MB of signal at 12 × 1,000 samples, 120 MB at 12 × 5,000.</summary>
    public const int DefaultRecordsPerShard = 1024;

    private const string LockFileName = "writer.lock";
    private readonly FileStream _lock;
    private readonly List<EcgShardEntry> _shards;
    private readonly int _perRecord;
    private readonly byte[] _recordBytes;
    private FileStream? _signals;
    private StreamWriter? _lines;
    private int _inShard;
    private bool _disposed;

    private EcgShardCacheWriter(string directory, string key, int leads, int samples, int recordsPerShard, FileStream lockFile, List<EcgShardEntry> shards)
    {
        Directory = directory;
        Key = key;
        LeadCount = leads;
        SampleCount = samples;
        RecordsPerShard = recordsPerShard;
        _lock = lockFile;
        _shards = shards;
        _perRecord = leads * samples;
        _recordBytes = new byte[_perRecord * sizeof(ushort)];
        ResumedRecords = _shards.Sum(s => s.Records);
        Count = ResumedRecords;
    }

    /// <summary>Opens <paramref name="directory"/> for writing a cache identified by <paramref name="key"/>.</summary>
    /// <param name="directory">The cache folder; created when missing.</param>
    /// <param name="key">
    /// What the cache holds, e.g. <see cref="EcgShardCache.KeyOf"/> of the data source and the preprocessing settings. A cache
    /// with this key and shape is resumed (or, when complete, left as it is: see <see cref="IsComplete"/>); any other cache files
    /// in the folder are deleted first. Files that are not the cache's own are never touched.
    /// </param>
    /// <param name="leads">Leads per signal.</param>
    /// <param name="samples">Samples per lead.</param>
    /// <param name="recordsPerShard">Records per shard file.</param>
    /// <exception cref="EcgShardCacheInUseException">Another writer holds the folder.</exception>
    public static EcgShardCacheWriter Open(string directory, string key, int leads, int samples, int recordsPerShard = DefaultRecordsPerShard)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerShard);
        if ((long)leads * samples * sizeof(ushort) > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(samples), $"{leads} leads × {samples} samples is too large for one record.");
        directory = Path.GetFullPath(directory);
        if (File.Exists(directory)) throw new IOException($"The cache folder '{directory}' is a file.");
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new EcgShardCacheInUseException(directory, e);
        }
        try
        {
            EcgShardManifest? manifest;
            try { manifest = EcgShardManifest.TryRead(directory); }
            catch (IO.FgClepFormatException) { manifest = null; } // rebuilt below
            bool same = manifest is not null && manifest.Key == key && manifest.Leads == leads && manifest.Samples == samples
                        && manifest.RecordsPerShard == recordsPerShard && SealedFilesPresent(directory, manifest);
            var shards = same ? manifest!.Shards.ToList() : new List<EcgShardEntry>();
            DeleteCacheFiles(directory, keepShards: shards.Count, keepManifest: same);
            var writer = new EcgShardCacheWriter(directory, key, leads, samples, recordsPerShard, lockFile, shards) { IsComplete = same && manifest!.Complete };
            if (!same) writer.WriteManifest(complete: false);
            return writer;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The cache folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The key the cache was opened with.</summary>
    public string Key { get; }

    /// <summary>Leads per signal.</summary>
    public int LeadCount { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Records per shard file.</summary>
    public int RecordsPerShard { get; }

    /// <summary>Records already in the cache when it was opened (sealed shards of an earlier, interrupted write); skip that many.</summary>
    public int ResumedRecords { get; }

    /// <summary>Records written so far, <see cref="ResumedRecords"/> included.</summary>
    public int Count { get; private set; }

    /// <summary>True when the cache was complete when opened, or after <see cref="Complete"/>; nothing more may be appended.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Appends one record.</summary>
    /// <param name="signal">The preprocessed signal, leads × samples, lead-major; every value finite and within float16's range (±65,504).</param>
    /// <param name="report">The report; not empty.</param>
    /// <param name="recordId">The record's id, named in errors.</param>
    public void Append(ReadOnlySpan<float> signal, string report, string recordId)
    {
        if (IsComplete) throw new InvalidOperationException($"The ECG cache '{Directory}' is complete; open it with EcgShardCache.Open, or with another key to rebuild it.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(recordId);
        if (signal.Length != _perRecord)
            throw new ArgumentException($"Signal of record {recordId} has {signal.Length} values; the cache holds {LeadCount} leads × {SampleCount} samples = {_perRecord}.", nameof(signal));
        if (string.IsNullOrWhiteSpace(report))
            throw new ArgumentException($"Report of record {recordId} is empty; remove or fill such records before caching them.", nameof(report));
        for (int i = 0; i < signal.Length; i++)
        {
            float value = signal[i];
            if (!float.IsFinite(value) || Math.Abs(value) > (float)Half.MaxValue)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Signal of record {recordId} has {value} at index {i}, which float16 cannot hold (finite, at most ±65,504); normalise the signal (EcgPreprocessorNormalization.ZScore) before caching it."), nameof(signal));
            ushort bits = BitConverter.HalfToUInt16Bits((Half)value);
            _recordBytes[2 * i] = (byte)bits;
            _recordBytes[2 * i + 1] = (byte)(bits >> 8);
        }
        if (_signals is null) StartShard();
        _signals!.Write(_recordBytes);
        _lines!.Write(JsonSerializer.Serialize(new EcgShardLine(recordId, report, EcgShardLine.ChecksumOf(_recordBytes))));
        _lines.Write('\n');
        _inShard++;
        Count++;
        if (_inShard == RecordsPerShard) SealShard();
    }

    /// <summary>Seals the last shard and marks the cache complete, so <see cref="EcgShardCache.Open"/> accepts it.</summary>
    public void Complete()
    {
        if (IsComplete) return;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_signals is not null) SealShard();
        WriteManifest(complete: true);
        IsComplete = true;
    }

    /// <summary>
    /// Releases the folder. Records of a shard that was not yet sealed are dropped (their <c>.part</c> files are deleted); the
    /// sealed ones stay, and opening the folder with the same key resumes after them.
    /// </summary>
    public void Dispose()
    {
        if (_signals is not null)
        {
            _signals.Dispose();
            _lines!.Dispose();
            TryDelete(PartPath(EcgShardManifest.SignalFile(_shards.Count)));
            TryDelete(PartPath(EcgShardManifest.RecordFile(_shards.Count)));
            _signals = null;
            _lines = null;
        }
        _lock.Dispose();
        _disposed = true;
    }

    private void StartShard()
    {
        int index = _shards.Count;
        _signals = new FileStream(PartPath(EcgShardManifest.SignalFile(index)), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _lines = new StreamWriter(new FileStream(PartPath(EcgShardManifest.RecordFile(index)), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        _inShard = 0;
    }

    private void SealShard()
    {
        int index = _shards.Count;
        _lines!.Flush();
        ((FileStream)_lines.BaseStream).Flush(flushToDisk: true);
        _signals!.Flush(flushToDisk: true);
        _lines.Dispose();
        _signals.Dispose();
        _lines = null;
        _signals = null;
        File.Move(PartPath(EcgShardManifest.SignalFile(index)), Path.Combine(Directory, EcgShardManifest.SignalFile(index)), overwrite: true);
        File.Move(PartPath(EcgShardManifest.RecordFile(index)), Path.Combine(Directory, EcgShardManifest.RecordFile(index)), overwrite: true);
        _shards.Add(new EcgShardEntry(_inShard));
        _inShard = 0;
        WriteManifest(complete: false);
    }

    private void WriteManifest(bool complete) => new EcgShardManifest
    {
        Key = Key, Leads = LeadCount, Samples = SampleCount, RecordsPerShard = RecordsPerShard, Complete = complete, Shards = _shards.ToArray(),
    }.Write(Directory);

    private string PartPath(string name) => Path.Combine(Directory, name + ".part");

    private static bool SealedFilesPresent(string directory, EcgShardManifest manifest)
    {
        long perRecord = (long)manifest.Leads * manifest.Samples * sizeof(ushort);
        for (int i = 0; i < manifest.Shards.Count; i++)
        {
            var signals = new FileInfo(Path.Combine(directory, EcgShardManifest.SignalFile(i)));
            if (!signals.Exists || signals.Length != manifest.Shards[i].Records * perRecord) return false;
            if (!File.Exists(Path.Combine(directory, EcgShardManifest.RecordFile(i)))) return false;
        }
        return true;
    }

    /// <summary>Deletes the cache's own files beyond the first <paramref name="keepShards"/> shards (and the manifest unless kept).</summary>
    private static void DeleteCacheFiles(string directory, int keepShards, bool keepManifest)
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            string name = Path.GetFileName(path);
            if (name == EcgShardManifest.FileName) { if (!keepManifest) File.Delete(path); continue; }
            if (name == EcgShardManifest.FileName + ".part") { File.Delete(path); continue; }
            if (!name.StartsWith("shard-", StringComparison.Ordinal)) continue;
            string stem = name.EndsWith(".part", StringComparison.Ordinal) ? name[..^5] : name;
            bool ours = stem.EndsWith(".f16", StringComparison.Ordinal) || stem.EndsWith(".jsonl", StringComparison.Ordinal);
            if (!ours) continue;
            bool sealedKept = !name.EndsWith(".part", StringComparison.Ordinal) && stem.Length > 12
                              && int.TryParse(stem.AsSpan(6, 6), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < keepShards;
            if (!sealedKept) File.Delete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
