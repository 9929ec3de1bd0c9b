using FgClep.IO;

namespace FgClep.Datasets;

/// <summary>Builds <see cref="IEcgRecordSource"/>s from delegates and collections.</summary>
public static class EcgRecordSource
{
    /// <summary>A source whose passes call <paramref name="enumerate"/>; <paramref name="count"/> is the record count when known.</summary>
    public static IEcgRecordSource FromFactory(Func<IEnumerable<EcgRecord>> enumerate, long? count = null)
    {
        ArgumentNullException.ThrowIfNull(enumerate);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The record count cannot be negative.");
        return new DelegateSource(enumerate, count);
    }

    /// <summary>A source over records already in memory.</summary>
    public static IEcgRecordSource FromRecords(IReadOnlyList<EcgRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new DelegateSource(() => records, records.Count);
    }

    private sealed class DelegateSource(Func<IEnumerable<EcgRecord>> enumerate, long? count) : IEcgRecordSource
    {
        public long? Count => count;

        public IEnumerable<EcgRecord> GetRecords() => enumerate();
    }
}
