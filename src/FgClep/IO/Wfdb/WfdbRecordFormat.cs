namespace FgClep.IO.Wfdb;

/// <summary>
/// WFDB records as an <see cref="IEcgRecordReader"/>: a record is its header path, with or without <c>.hea</c>; it is
/// found by its header and read with <see cref="WfdbRecordReader"/>.
/// </summary>
public sealed class WfdbRecordFormat : IEcgRecordReader
{
    private WfdbRecordFormat()
    {
    }

    /// <summary>The format.</summary>
    public static WfdbRecordFormat Instance { get; } = new();

    /// <summary>Every record under <paramref name="directory"/> (each real folder once, never leaving it), ordered by relative path.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IEnumerable<string> FindRecords(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"WFDB folder '{directory}' was not found.");
        return ContainedFileSearch.Find(directory, "*.hea")
            .Select(p => p[..^4])
            .OrderBy(p => Path.GetRelativePath(directory, p), StringComparer.Ordinal);
    }

    /// <summary>The header path when the header is absent, else null.</summary>
    public string? MissingFile(string recordPath)
    {
        string header = WithoutExtension(recordPath) + ".hea";
        return File.Exists(header) ? null : header;
    }

    /// <inheritdoc />
    public EcgRecord Read(string recordPath) => WfdbRecordReader.Read(WithoutExtension(recordPath));

    private static string WithoutExtension(string recordPath)
    {
        ArgumentNullException.ThrowIfNull(recordPath);
        return recordPath.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? recordPath[..^4] : recordPath;
    }
}
