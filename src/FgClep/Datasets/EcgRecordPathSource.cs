using FgClep.IO;

namespace FgClep.Datasets;

/// <summary>Records read one by one from a fixed list of record paths (header path without <c>.hea</c>).</summary>
internal sealed class EcgRecordPathSource : IEcgRecordSource
{
    private readonly IReadOnlyList<string> _recordPaths;
    private readonly Func<string, EcgRecord> _readRecord;

    public EcgRecordPathSource(IEnumerable<string> recordPaths, Func<string, EcgRecord> readRecord)
    {
        _recordPaths = recordPaths.Select(p => p.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? p[..^4] : p).ToArray();
        foreach (var path in _recordPaths)
        {
            if (!File.Exists(path + ".hea")) throw new FileNotFoundException($"WFDB header '{path}.hea' was not found.", path + ".hea");
        }
        _readRecord = readRecord;
    }

    /// <summary>All records under <paramref name="directory"/> (recursively, each real folder once, never leaving it), ordered by relative path.</summary>
    public static IEnumerable<string> FindRecords(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"WFDB folder '{directory}' was not found.");
        return ContainedFileSearch.Find(directory, "*.hea")
            .Select(p => p[..^4])
            .OrderBy(p => Path.GetRelativePath(directory, p), StringComparer.Ordinal);
    }

    public long? Count => _recordPaths.Count;

    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var path in _recordPaths) yield return _readRecord(path);
    }
}
