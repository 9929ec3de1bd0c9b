using System.Text.Json;
using System.Text.Json.Serialization;
using FgClep.IO;

namespace FgClep.Datasets.Cache;

/// <summary>
/// <c>manifest.json</c> of an <see cref="EcgShardCache"/>: what the cache holds and which shards are sealed. It is rewritten
/// (write, flush, rename) each time a shard is sealed, so after a crash it names only shards whose files are whole.
/// </summary>
internal sealed record EcgShardManifest
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "fgclep-ecg-shards/1";

    [JsonPropertyName("format")] public string Format { get; init; } = CurrentFormat;
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("leads")] public int Leads { get; init; }
    [JsonPropertyName("samples")] public int Samples { get; init; }
    [JsonPropertyName("sampleType")] public string SampleType { get; init; } = "float16";
    [JsonPropertyName("recordsPerShard")] public int RecordsPerShard { get; init; }
    [JsonPropertyName("complete")] public bool Complete { get; init; }
    [JsonPropertyName("shards")] public IReadOnlyList<EcgShardEntry> Shards { get; init; } = Array.Empty<EcgShardEntry>();

    [JsonIgnore] public long RecordCount => Shards.Sum(s => (long)s.Records);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="FgClepFormatException">The file is not a manifest of this format.</exception>
    public static EcgShardManifest? TryRead(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        EcgShardManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EcgShardManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new FgClepFormatException(path, e.LineNumber is long line ? $"line {line + 1}" : null, $"not a shard-cache manifest ({e.Message}); delete the folder's cache files to rebuild it", e);
        }
        if (manifest is null || manifest.Format != CurrentFormat)
            throw new FgClepFormatException(path, null, $"format '{manifest?.Format}' is not '{CurrentFormat}'; delete the folder's cache files to rebuild it");
        if (manifest.Leads <= 0 || manifest.Samples <= 0 || manifest.RecordsPerShard <= 0 || manifest.SampleType != "float16"
            || manifest.Shards.Any(s => s is null || s.Records <= 0 || s.Records > manifest.RecordsPerShard))
            throw new FgClepFormatException(path, null, "inconsistent sizes (leads, samples, records per shard, sample type or shard records)");
        return manifest;
    }

    /// <summary>Writes the manifest so that a reader sees either the old file or the new one, never a torn one.</summary>
    public void Write(string directory)
    {
        string path = Path.Combine(directory, FileName);
        string temporary = path + ".part";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>File name of shard <paramref name="index"/>'s signals (little-endian float16, record-major, lead-major within a record).</summary>
    public static string SignalFile(int index) => $"shard-{index:D6}.f16";

    /// <summary>File name of shard <paramref name="index"/>'s records: one JSON line per record (id, report, signal checksum).</summary>
    public static string RecordFile(int index) => $"shard-{index:D6}.jsonl";
}

/// <summary>One sealed shard of an <see cref="EcgShardManifest"/>.</summary>
internal sealed record EcgShardEntry([property: JsonPropertyName("records")] int Records);
