using System.Globalization;
using FgClep.IO;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// The records of a <see cref="PtbXlDatabase"/> selected by <see cref="PtbXlLoadOptions"/>, read one by one: each record
/// carries its (translated) report, its labels (the task's classes, else the raw SCP codes), its split and its metadata
/// (patient, age, sex, fold, SCP codes). Made by <see cref="PtbXlDatabase.Records"/>.
/// </summary>
public sealed class PtbXlRecordSource : IEcgRecordSource
{
    private readonly PtbXlDatabase _database;
    private readonly IReadOnlyList<PtbXlEntry> _entries;
    private readonly PtbXlLoadOptions _options;
    private readonly Func<string, EcgRecord> _readRecord;

    /// <param name="database">The metadata.</param>
    /// <param name="options">Which records and how.</param>
    /// <param name="readRecord">Reads one record from its path without extension.</param>
    /// <param name="recordExists">Whether a record path (without extension) has its files; null checks for its <c>.hea</c>.</param>
    /// <param name="taskRecords">The task's record sets when the caller already has them for these options (read from them instead of the files again).</param>
    /// <exception cref="FileNotFoundException">
    /// Selected records have no signal file at the chosen rate and <see cref="PtbXlLoadOptions.SkipMissingRecords"/> is false;
    /// the message gives their number and the first one.
    /// </exception>
    internal PtbXlRecordSource(PtbXlDatabase database, PtbXlLoadOptions options, Func<string, EcgRecord> readRecord, Func<string, bool>? recordExists = null,
        PtbXlTaskRecords? taskRecords = null)
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
        if (taskRecords is not null && taskRecords.Task != options.Task)
            throw new ArgumentException($"The record sets are of task {taskRecords.Task}, the options of {options.Task}.", nameof(taskRecords));
        var records = options.Task is not { } task ? null
            : taskRecords is not null ? taskRecords
            : options.MerlSplitDirectory is { } merl ? PtbXlTaskRecords.FromMerlSplits(database, task, merl)
            : options.KeepUnlabelledRecords ? null
            : PtbXlTaskRecords.FromFolds(database, task);
        var selected = database.Entries.Where(e => (folds is null || folds.Contains(e.StratFold)) && (records is null || records.Contains(e.EcgId))).ToArray();

        // Checked before any record is read, so a partial copy (PTB-XL's 500 Hz files are often fetched for a subset) is
        // reported with its extent at once rather than at the first absent file, minutes into a run.
        recordExists ??= path => File.Exists(path + ".hea");
        var missing = selected.Where(e => !recordExists(PathOf(e))).ToArray();
        if (missing.Length > 0 && !options.SkipMissingRecords)
        {
            string first = PathOf(missing[0]) + ".hea";
            throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture,
                $"{missing.Length} of the {selected.Length} selected PTB-XL records have no {options.SamplingRate} Hz file in '{database.Directory}' " +
                $"(the first: ecg_id {missing[0].EcgId}, '{first}' not found). Set SkipMissingRecords (CLI: --skip-missing) to leave them out, " +
                $"or read the {(options.SamplingRate == 500 ? 100 : 500)} Hz files."), first);
        }
        MissingRecords = missing.Length;
        _entries = missing.Length == 0 ? selected : selected.Except(missing).ToArray();
    }

    /// <inheritdoc />
    public long? Count => _entries.Count;

    /// <summary>Selected records left out because their signal file is absent (only with <see cref="PtbXlLoadOptions.SkipMissingRecords"/>).</summary>
    public int MissingRecords { get; }

    private string PathOf(PtbXlEntry entry) =>
        Path.Combine(_database.Directory, _options.SamplingRate == 500 ? entry.FilenameHr : entry.FilenameLr);

    /// <inheritdoc />
    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var entry in _entries)
        {
            var record = _readRecord(PathOf(entry));
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
