using System.Globalization;

namespace FgClep.Data;

/// <summary>The records of a <see cref="PtbXlDatabase"/> selected by <see cref="PtbXlLoadOptions"/>, read one by one.</summary>
internal sealed class PtbXlRecordSource : IEcgRecordSource
{
    private readonly PtbXlDatabase _database;
    private readonly IReadOnlyList<PtbXlEntry> _entries;
    private readonly PtbXlLoadOptions _options;
    private readonly Func<string, EcgRecord> _readRecord;

    public PtbXlRecordSource(PtbXlDatabase database, PtbXlLoadOptions options, Func<string, EcgRecord> readRecord)
    {
        if (options.SamplingRate is not (100 or 500))
            throw new ArgumentOutOfRangeException(nameof(options), options.SamplingRate, "PTB-XL is recorded at 100 or 500 Hz.");
        if (options.Folds?.Any(f => f is < 1 or > 10) == true)
            throw new ArgumentOutOfRangeException(nameof(options), $"PTB-XL folds are 1 to 10; got {string.Join(", ", options.Folds)}.");
        if (options.Folds is { Count: 0 }) throw new ArgumentException("The fold list is empty.", nameof(options));
        _database = database;
        _options = options;
        _readRecord = readRecord;
        if (options.MerlSplitDirectory is not null && options.Task is null)
            throw new ArgumentException("MerlSplitDirectory selects a task's records; set Task too.", nameof(options));
        var folds = options.Folds?.ToHashSet();
        var records = options.Task is not { } task ? null
            : options.MerlSplitDirectory is { } merl ? PtbXlTaskRecords.FromMerlSplits(database, task, merl)
            : options.KeepUnlabelledRecords ? null
            : PtbXlTaskRecords.FromFolds(database, task);
        _entries = database.Entries.Where(e => (folds is null || folds.Contains(e.StratFold)) && (records is null || records.Contains(e.EcgId))).ToArray();
    }

    public long? Count => _entries.Count;

    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var entry in _entries)
        {
            var file = _options.SamplingRate == 500 ? entry.FilenameHr : entry.FilenameLr;
            var record = _readRecord(Path.Combine(_database.Directory, file));
            var metadata = new Dictionary<string, string>(record.Metadata)
            {
                ["patient_id"] = entry.PatientId?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["age"] = entry.Age?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["sex"] = entry.Sex?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["strat_fold"] = entry.StratFold.ToString(CultureInfo.InvariantCulture),
                ["scp_codes"] = entry.Fields.GetValueOrDefault("scp_codes", ""),
            };
            yield return new EcgRecord(entry.EcgId.ToString(CultureInfo.InvariantCulture), record.Signal, record.LeadNames, record.SamplingRate)
            {
                Report = _options.TranslateReports ? PtbXlReportTranslator.Default.Translate(entry.Report) : entry.Report,
                Labels = _options.Task is { } task ? _database.GetLabels(entry, task) : entry.ScpCodes.Keys.ToArray(),
                Split = entry.Split,
                Units = record.Units,
                Metadata = metadata,
            };
        }
    }
}
