using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// An append-only, on-disk cache of proposer answers: one JSON line per answer
/// (<c>{"key", "report", "features", "raw", "unparsed", "time"}</c>), written and flushed to the operating system as
/// each answer arrives, so a crash or restart loses nothing that was answered and never pays for it twice.
/// </summary>
/// <remarks>
/// <para>The key is the SHA-256 of <see cref="NormalizeReport"/>(report), the proposer's
/// <see cref="IWaveformFeatureProposer.Id"/> and <see cref="EnrichmentPrompts.Version"/>, so the same report asked of
/// another model, or with changed prompts, is a miss.</para>
/// <para>On open, existing lines are read; a line that is not valid JSON is counted in <see cref="CorruptLines"/> and
/// skipped. A torn last line (a write cut off by a crash) is cut away before new lines are appended. Later lines with
/// the same key win. One cache object at a time may write a file: it holds an exclusive lock on <c>&lt;path&gt;.lock</c>, and a second one gets an <see cref="IOException"/>.
/// <see cref="Add"/> is thread-safe.</para>
/// </remarks>
public sealed class ProposalCache : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };
    private readonly Dictionary<string, FeatureProposal> _entries = new(StringComparer.Ordinal);
    private readonly FileStream _stream;
    private readonly FileStream _lock;
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Opens (or creates) the cache file, reading the answers it holds and repairing a torn last line.</summary>
    /// <param name="jsonlPath">Path of the JSON-lines file; its folder is created when missing.</param>
    /// <exception cref="IOException">The file is held by another process, or cannot be read or written.</exception>
    public ProposalCache(string jsonlPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonlPath);
        Path = System.IO.Path.GetFullPath(jsonlPath);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        try
        {
            // An exclusive lock on a side file keeps a second writer out while readers (tail, scripts) can still read the cache.
            _lock = new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot open the proposal cache '{Path}' for writing: another run is using it ({e.Message}).", e);
        }
        try
        {
            _stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            Load();
        }
        catch
        {
            _stream?.Dispose();
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the cache file.</summary>
    public string Path { get; }

    /// <summary>Number of distinct cached answers.</summary>
    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <summary>Lines found unreadable when the file was opened (skipped; a torn last line is also cut away).</summary>
    public int CorruptLines { get; private set; }

    /// <summary>
    /// The normal form under which reports are compared: Unicode-composed, lower-case (invariant), runs of white space
    /// collapsed to one space, and punctuation and white space trimmed from both ends.
    /// </summary>
    /// <param name="report">The report (null is treated as empty).</param>
    public static string NormalizeReport(string report)
    {
        if (string.IsNullOrEmpty(report)) return "";
        var text = report.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = sb.Length > 0; continue; }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        int start = 0, end = sb.Length;
        while (start < end && IsTrimmable(sb[start])) start++;
        while (end > start && IsTrimmable(sb[end - 1])) end--;
        return sb.ToString(start, end - start);
    }

    private static bool IsTrimmable(char c) => char.IsPunctuation(c) || char.IsWhiteSpace(c) || char.IsSymbol(c);

    /// <summary>The cache key of a report for a proposer: SHA-256 of the normalised report, proposer id, prompt version.</summary>
    /// <param name="proposerId">The proposer's <see cref="IWaveformFeatureProposer.Id"/>.</param>
    /// <param name="report">The report (normalised here).</param>
    public static string Key(string proposerId, string report)
    {
        ArgumentNullException.ThrowIfNull(proposerId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeReport(report))));
        return $"{hash}|{proposerId}|v{EnrichmentPrompts.Version}";
    }

    /// <summary>Looks up the answer of <paramref name="proposerId"/> for <paramref name="report"/> (compared normalised).</summary>
    /// <param name="proposerId">The proposer's id.</param>
    /// <param name="report">The report.</param>
    /// <param name="proposal">The cached answer, when found.</param>
    public bool TryGet(string proposerId, string report, out FeatureProposal proposal)
    {
        var key = Key(proposerId, report);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var found)) { proposal = found; return true; }
        }
        proposal = FeatureProposal.Empty;
        return false;
    }

    /// <summary>Stores an answer: appends one line to the file and flushes it before returning.</summary>
    /// <param name="proposerId">The proposer's id.</param>
    /// <param name="report">The report that was asked about.</param>
    /// <param name="proposal">The answer.</param>
    public void Add(string proposerId, string report, FeatureProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(proposal);
        var key = Key(proposerId, report);
        var line = Serialize(key, report, proposal);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Write(line);
            _stream.Flush();
            _entries[key] = proposal;
        }
    }

    private static byte[] Serialize(string key, string report, FeatureProposal proposal)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("report", report);
            w.WriteStartArray("features");
            foreach (var f in proposal.Features) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteString("raw", proposal.RawAnswer);
            w.WriteNumber("unparsed", proposal.UnparsedFragments);
            w.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private void Load()
    {
        _stream.Position = 0;
        var line = new MemoryStream();
        var chunk = new byte[1 << 16];
        long offset = 0, lastLineEnd = 0;
        int read;
        while ((read = _stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (chunk[i] != (byte)'\n') continue;
                line.Write(chunk, start, i - start);
                ParseLine(line.GetBuffer().AsSpan(0, (int)line.Length));
                line.SetLength(0);
                start = i + 1;
                lastLineEnd = offset + i + 1;
            }
            line.Write(chunk, start, read - start);
            offset += read;
        }

        if (line.Length > 0)
        {
            // A last line without its newline was being written when the run stopped: keep it if it is complete
            // JSON (and end it), otherwise cut it away so new lines start clean.
            bool complete = !IsBlank(line) && ParseLine(line.GetBuffer().AsSpan(0, (int)line.Length));
            if (complete) { _stream.Seek(0, SeekOrigin.End); _stream.WriteByte((byte)'\n'); }
            else _stream.SetLength(lastLineEnd);
            _stream.Flush();
        }
        _stream.Seek(0, SeekOrigin.End);
    }

    private static bool IsBlank(MemoryStream line) => line.GetBuffer().AsSpan(0, (int)line.Length).Trim(" \t\r"u8).IsEmpty;

    private bool ParseLine(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Trim(" \t\r"u8).IsEmpty) return true;
        try
        {
            using var doc = JsonDocument.Parse(bytes.ToArray());
            var root = doc.RootElement;
            var key = root.GetProperty("key").GetString() ?? throw new JsonException("null key");
            var features = root.GetProperty("features").EnumerateArray().Select(f => f.GetString() ?? "").Where(f => f.Length > 0).ToList();
            var raw = root.TryGetProperty("raw", out var r) ? r.GetString() ?? "" : "";
            int unparsed = root.TryGetProperty("unparsed", out var u) && u.TryGetInt32(out var n) ? n : 0;
            _entries[key] = new FeatureProposal(features, raw, unparsed);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            CorruptLines++;
            return false;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
            _lock.Dispose();
        }
    }
}
