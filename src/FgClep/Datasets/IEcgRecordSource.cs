using FgClep.IO;

namespace FgClep.Datasets;

/// <summary>
/// A re-enumerable source of ECG records. Each call of <see cref="GetRecords"/> starts a fresh pass that reads records
/// on demand, so a corpus never has to fit in memory.
/// </summary>
public interface IEcgRecordSource
{
    /// <summary>The number of records a pass yields, or null when it is not known without reading them.</summary>
    long? Count { get; }

    /// <summary>Starts a new pass over the records.</summary>
    IEnumerable<EcgRecord> GetRecords();
}
