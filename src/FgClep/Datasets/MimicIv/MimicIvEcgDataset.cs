using System.Globalization;
using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Datasets.MimicIv;

/// <summary>
/// MIMIC-IV-ECG (≈800 k 10 s 12-lead ECGs with machine reports): <c>record_list.csv</c> joined on <c>study_id</c> with
/// <c>machine_measurements.csv</c>, signals read by <see cref="WfdbRecordReader"/>. Everything streams.
/// </summary>
/// <remarks>
/// <para>Report: the non-empty <c>report_0</c>, <c>report_1</c>, … cells (taken by name, in numeric order; empty and
/// <c>NaN</c> cells skipped), each trimmed of surrounding spaces and trailing periods, joined with <c>". "</c>, e.g.
/// <c>Sinus rhythm. Possible left atrial enlargement. Borderline ECG</c>.</para>
/// <para>Join: both files are read in parallel. When they list studies in the same order (as released) memory stays
/// constant; otherwise measurement rows read ahead are kept by <c>study_id</c> until their record comes, so memory grows
/// at worst to the reports of the whole file. A study without measurements gets an empty report.</para>
/// </remarks>
public sealed class MimicIvEcgDataset : IEcgRecordSource
{
    /// <summary>The default record list file name.</summary>
    public const string RecordListFileName = "record_list.csv";

    /// <summary>The default machine measurements file name.</summary>
    public const string MeasurementsFileName = "machine_measurements.csv";

    private readonly Func<string, EcgRecord> _readRecord;
    private readonly string _recordList;
    private readonly string _measurements;
    private readonly long? _maxRecords;

    /// <summary>Opens the dataset in <paramref name="directory"/>.</summary>
    /// <param name="directory">The MIMIC-IV-ECG folder (holding the two CSV files and <c>files/</c>).</param>
    /// <param name="maxRecords">Read at most this many records per pass; null for all.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the CSV files is missing.</exception>
    public MimicIvEcgDataset(string directory, long? maxRecords = null) : this(directory, maxRecords, WfdbRecordReader.Read)
    {
    }

    internal MimicIvEcgDataset(string directory, long? maxRecords, Func<string, EcgRecord> readRecord)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"MIMIC-IV-ECG folder '{directory}' was not found.");
        if (maxRecords < 0) throw new ArgumentOutOfRangeException(nameof(maxRecords), maxRecords, "Cannot be negative.");
        Directory = directory;
        _recordList = RequireFile(directory, RecordListFileName);
        _measurements = RequireFile(directory, MeasurementsFileName);
        _maxRecords = maxRecords;
        _readRecord = readRecord;
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>Unknown without reading the record list: null.</summary>
    public long? Count => null;

    /// <summary>Streams the studies with their reports, without reading any signal.</summary>
    /// <exception cref="FgClepFormatException">A CSV file is malformed.</exception>
    public IEnumerable<MimicIvEcgEntry> GetEntries()
    {
        using var records = CsvReader.Open(_recordList);
        records.RequireColumns("subject_id", "study_id", "path");
        using var measurements = CsvReader.Open(_measurements);
        measurements.RequireColumns("study_id");
        var reportColumns = ReportColumns(measurements.Header);
        var pending = new Dictionary<long, string>();
        bool measurementsDone = false;
        long yielded = 0;
        while ((_maxRecords is null || yielded < _maxRecords) && records.Read())
        {
            long study = records.GetInt64("study_id");
            if (!pending.Remove(study, out var report))
            {
                report = "";
                while (!measurementsDone)
                {
                    if (!measurements.Read()) { measurementsDone = true; break; }
                    long s = measurements.GetInt64("study_id");
                    var r = JoinReport(reportColumns.Select(c => measurements[c]));
                    if (s == study) { report = r; break; }
                    pending.TryAdd(s, r);
                }
            }
            var path = records["path"].Trim();
            if (path.Length == 0) throw records.Error("expected a record path in column 'path', found an empty field.");
            yielded++;
            yield return new MimicIvEcgEntry(
                records.GetInt64("subject_id"), study, records.GetOptional("file_name")?.Trim() ?? Path.GetFileName(path),
                records.GetOptional("ecg_time")?.Trim() ?? "", path, report);
        }
    }

    /// <summary>Streams the records: signal, report, and subject/study/time as metadata.</summary>
    /// <exception cref="FgClepFormatException">A CSV, header or signal file is malformed.</exception>
    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var entry in GetEntries())
        {
            var record = _readRecord(Path.Combine(Directory, entry.Path));
            var metadata = new Dictionary<string, string>(record.Metadata)
            {
                ["subject_id"] = entry.SubjectId.ToString(CultureInfo.InvariantCulture),
                ["study_id"] = entry.StudyId.ToString(CultureInfo.InvariantCulture),
                ["ecg_time"] = entry.EcgTime,
            };
            yield return new EcgRecord(entry.StudyId.ToString(CultureInfo.InvariantCulture), record.Signal, record.LeadNames, record.SamplingRate)
            {
                Report = entry.Report,
                Labels = record.Labels,
                Units = record.Units,
                Metadata = metadata,
            };
        }
    }

    /// <summary>Joins report fragments as described in the class remarks.</summary>
    internal static string JoinReport(IEnumerable<string> fragments)
        => string.Join(". ", fragments.Where(f => !CsvReader.IsMissing(f)).Select(f => f.Trim().TrimEnd('.').TrimEnd()).Where(f => f.Length > 0));

    private static string[] ReportColumns(IReadOnlyList<string> header)
        => header.Select(h => (Name: h, Index: h.StartsWith("report_", StringComparison.Ordinal)
                && int.TryParse(h.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1))
            .Where(c => c.Index >= 0).OrderBy(c => c.Index).Select(c => c.Name).ToArray();

    private static string RequireFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"MIMIC-IV-ECG file '{path}' was not found.", path);
    }
}
