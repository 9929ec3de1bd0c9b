using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FgClep.IO;

namespace FgClep.Datasets.Cache;

/// <summary>
/// Preprocessed ECGs on disk, for training on more records than fit in memory: signals as float16 in shard files, read one
/// record at a time by position (no memory map, so the process holds only the records it is using; the operating system's
/// file cache keeps what is hot), and reports, ids and a checksum per record in a JSON-lines file beside each shard.
/// </summary>
/// <remarks>
/// <para>Written by <see cref="EcgShardCacheWriter"/> (or <c>EcgCorpus.PreprocessToCache</c>), read here. Every record is
/// checked against its checksum when read; a damaged file is named in an <see cref="FgClepFormatException"/>.</para>
/// <para>float16 keeps 11 significant bits: a z-scored signal is stored to within 0.05 % of its value.</para>
/// <para><see cref="ReadSignal"/> is thread-safe: a background reader can fetch the next batch while the trainer works.</para>
/// </remarks>
public sealed class EcgShardCache : IDisposable
{
    private readonly SafeFileHandleLease[] _shards;
    private readonly int[] _shardStart;
    private readonly string[] _ids;
    private readonly string[] _reports;
    private readonly string[] _checksums;
    private readonly int _perRecord;
    private bool _disposed;

    private EcgShardCache(string directory, EcgShardManifest manifest, SafeFileHandleLease[] shards, int[] shardStart, string[] ids, string[] reports, string[] checksums)
    {
        Directory = directory;
        Key = manifest.Key;
        LeadCount = manifest.Leads;
        SampleCount = manifest.Samples;
        _shards = shards;
        _shardStart = shardStart;
        _ids = ids;
        _reports = reports;
        _checksums = checksums;
        _perRecord = LeadCount * SampleCount;
    }

    /// <summary>The cache folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The key the cache was written with.</summary>
    public string Key { get; }

    /// <summary>Leads per signal.</summary>
    public int LeadCount { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Number of records.</summary>
    public int Count => _ids.Length;

    /// <summary>Bytes of signal on disk.</summary>
    public long SignalBytes => (long)Count * _perRecord * sizeof(ushort);

    /// <summary>The id of record <paramref name="index"/>.</summary>
    public string RecordId(int index) => _ids[index];

    /// <summary>The report of record <paramref name="index"/>.</summary>
    public string Report(int index) => _reports[index];

    /// <summary>
    /// A key naming what a cache holds: the SHA-256 (hex) of <paramref name="parts"/>, e.g. the data source, its options and
    /// the preprocessing settings. A writer opened with another key rebuilds the cache.
    /// </summary>
    public static string KeyOf(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = string.Join("\n", parts.Select(p => p?.Replace("\\", "\\\\").Replace("\n", "\\n") ?? "\\0"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Whether <paramref name="directory"/> holds a complete cache written with <paramref name="key"/>.</summary>
    public static bool IsComplete(string directory, string key)
    {
        try
        {
            return Path.Exists(directory) && EcgShardManifest.TryRead(directory) is { Complete: true } m && m.Key == key;
        }
        catch (FgClepFormatException)
        {
            return false;
        }
    }

    /// <summary>Opens a complete cache.</summary>
    /// <param name="directory">The cache folder.</param>
    /// <param name="expectedKey">When given, a cache written with another key is refused.</param>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="FgClepFormatException">No manifest, an incomplete cache, another key, or a shard file of the wrong size or with bad lines.</exception>
    public static EcgShardCache Open(string directory, string? expectedKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"The ECG cache folder '{directory}' does not exist.");
        string manifestPath = Path.Combine(directory, EcgShardManifest.FileName);
        var manifest = EcgShardManifest.TryRead(directory)
                       ?? throw new FgClepFormatException(manifestPath, null, "missing: the folder holds no ECG cache");
        if (!manifest.Complete)
            throw new FgClepFormatException(manifestPath, null, $"the cache is incomplete ({manifest.RecordCount} records in {manifest.Shards.Count} sealed shards): its writing was interrupted; run the same command again to finish it");
        if (expectedKey is not null && manifest.Key != expectedKey)
            throw new FgClepFormatException(manifestPath, null, $"the cache was written for other data or settings (key {manifest.Key[..Math.Min(12, manifest.Key.Length)]}…, expected {expectedKey[..Math.Min(12, expectedKey.Length)]}…)");
        if (manifest.RecordCount > Array.MaxLength)
            throw new FgClepFormatException(manifestPath, null, $"{manifest.RecordCount} records are more than one cache can address");

        int count = (int)manifest.RecordCount;
        var ids = new string[count];
        var reports = new string[count];
        var checksums = new string[count];
        var starts = new int[manifest.Shards.Count + 1];
        var handles = new SafeFileHandleLease[manifest.Shards.Count];
        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        long perRecord = (long)manifest.Leads * manifest.Samples * sizeof(ushort);
        int next = 0;
        try
        {
            for (int s = 0; s < manifest.Shards.Count; s++)
            {
                starts[s] = next;
                int records = manifest.Shards[s].Records;
                string signalPath = Path.Combine(directory, EcgShardManifest.SignalFile(s));
                string linePath = Path.Combine(directory, EcgShardManifest.RecordFile(s));
                if (!File.Exists(signalPath)) throw new FgClepFormatException(signalPath, null, $"missing: the manifest lists shard {s} with {records} records");
                long length = new FileInfo(signalPath).Length;
                if (length != records * perRecord)
                    throw new FgClepFormatException(signalPath, null, $"{length} bytes; shard {s} should hold {records} records × {perRecord} bytes = {records * perRecord}");
                int line = 0;
                foreach (var text in ReadLines(linePath, s, records))
                {
                    EcgShardLine? entry;
                    try { entry = JsonSerializer.Deserialize<EcgShardLine>(text); }
                    catch (JsonException e) { throw new FgClepFormatException(linePath, $"line {line + 1}", $"not a record line ({e.Message})", e); }
                    if (entry is null || entry.Id is null || string.IsNullOrWhiteSpace(entry.Report) || entry.Checksum is not { Length: 16 })
                        throw new FgClepFormatException(linePath, $"line {line + 1}", "a record line needs an id, a non-empty report and a 16-digit checksum");
                    ids[next] = entry.Id;
                    reports[next] = interned.TryGetValue(entry.Report, out var same) ? same : interned[entry.Report] = entry.Report;
                    checksums[next] = entry.Checksum;
                    next++;
                    line++;
                }
                if (line != records)
                    throw new FgClepFormatException(linePath, null, $"{line} record lines; the manifest says shard {s} holds {records}");
                handles[s] = new SafeFileHandleLease(signalPath);
            }
            starts[^1] = next;
            return new EcgShardCache(directory, manifest, handles, starts, ids, reports, checksums);
        }
        catch
        {
            foreach (var handle in handles) handle?.Dispose();
            throw;
        }
    }

    /// <summary>Reads record <paramref name="index"/>'s signal (leads × samples, lead-major) into <paramref name="destination"/>.</summary>
    /// <exception cref="FgClepFormatException">The record's bytes do not match its checksum (the file was damaged after writing).</exception>
    public void ReadSignal(int index, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (destination.Length != _perRecord)
            throw new ArgumentException($"The destination holds {destination.Length} values; a record has {LeadCount} × {SampleCount} = {_perRecord}.", nameof(destination));
        int shard = Array.BinarySearch(_shardStart, index);
        if (shard < 0) shard = ~shard - 1;
        while (shard + 1 < _shardStart.Length && _shardStart[shard + 1] == index) shard++; // skip empty shards (none are written, but be exact)
        int byteCount = _perRecord * sizeof(ushort);
        long offset = (long)(index - _shardStart[shard]) * byteCount;
        byte[] rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var bytes = rented.AsSpan(0, byteCount);
            var handle = _shards[shard];
            int read = 0;
            while (read < byteCount)
            {
                int n = RandomAccess.Read(handle.Handle, bytes[read..], offset + read);
                if (n == 0) throw new FgClepFormatException(handle.Path, $"byte {offset + read}", $"the file ends inside record {_ids[index]}");
                read += n;
            }
            if (EcgShardLine.ChecksumOf(bytes) != _checksums[index])
                throw new FgClepFormatException(handle.Path, $"byte {offset}",
                    $"record {_ids[index]} does not match its checksum: the cache is damaged; delete '{Directory}' to rebuild it");
            for (int i = 0; i < destination.Length; i++)
                destination[i] = (float)BitConverter.UInt16BitsToHalf((ushort)(bytes[2 * i] | bytes[2 * i + 1] << 8));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Closes the shard files.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var shard in _shards) shard.Dispose();
    }

    private static IEnumerable<string> ReadLines(string path, int shard, int records)
    {
        if (!File.Exists(path)) throw new FgClepFormatException(path, null, $"missing: the manifest lists shard {shard} with {records} records");
        return File.ReadLines(path).Where(l => l.Length > 0);
    }

    private sealed class SafeFileHandleLease : IDisposable
    {
        public SafeFileHandleLease(string path)
        {
            Path = path;
            Handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }

        public string Path { get; }

        public Microsoft.Win32.SafeHandles.SafeFileHandle Handle { get; }

        public void Dispose() => Handle.Dispose();
    }
}
