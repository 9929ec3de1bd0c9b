using FgClep.IO;

namespace FgClep.Datasets;

/// <summary>Records of one format read one by one from a fixed list of record paths; every path is checked up front.</summary>
internal sealed class EcgRecordPathSource : IEcgRecordSource
{
    private readonly IReadOnlyList<string> _recordPaths;
    private readonly IEcgRecordReader _reader;

    /// <exception cref="FileNotFoundException">A record's file is missing (the message names it).</exception>
    public EcgRecordPathSource(IEnumerable<string> recordPaths, IEcgRecordReader reader)
    {
        ArgumentNullException.ThrowIfNull(recordPaths);
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _recordPaths = recordPaths.ToArray();
        foreach (var path in _recordPaths)
        {
            if (reader.MissingFile(path) is { } missing)
                throw new FileNotFoundException($"Record file '{missing}' was not found.", missing);
        }
    }

    public long? Count => _recordPaths.Count;

    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var path in _recordPaths)
            yield return _reader.Read(path)
                         ?? throw new InvalidOperationException($"{_reader.GetType().Name}.Read returned no record for '{path}'.");
    }
}
