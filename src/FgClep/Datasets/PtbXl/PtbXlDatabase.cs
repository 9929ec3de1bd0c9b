using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// The PTB-XL metadata: <c>ptbxl_database.csv</c> (one <see cref="PtbXlEntry"/> per recording) and <c>scp_statements.csv</c>.
/// Columns are read by name, so the v1.0.1 and v1.0.3 releases both load.
/// </summary>
/// <remarks>
/// Labels of the <see cref="PtbXlTask"/>s follow the standard PTB-XL benchmark: a record has a class when any of its
/// <c>scp_codes</c> maps to it, <em>whatever the likelihood</em> (PTB-XL stores 0 for statements whose likelihood was
/// not stated, e.g. rhythm statements, so a threshold would drop valid labels). Class lists are computed from
/// <c>scp_statements.csv</c> and sorted ordinally, so they do not depend on the order of the file.
/// Class names are the ones in <c>scp_statements.csv</c> (e.g. <c>NST_</c>, <c>_AVB</c>); MERL's split files strip those underscores.
/// </remarks>
public sealed class PtbXlDatabase
{
    /// <summary>The metadata file name inside the dataset folder.</summary>
    public const string DatabaseFileName = "ptbxl_database.csv";

    /// <summary>The SCP statement table file name inside the dataset folder.</summary>
    public const string StatementsFileName = "scp_statements.csv";

    private readonly Dictionary<string, PtbXlScpStatement> _statements;
    private readonly Dictionary<PtbXlTask, IReadOnlyList<string>> _classNames = new();

    private PtbXlDatabase(string directory, IReadOnlyList<PtbXlEntry> entries, Dictionary<string, PtbXlScpStatement> statements)
    {
        Directory = directory;
        Entries = entries;
        _statements = statements;
        foreach (var task in Enum.GetValues<PtbXlTask>())
            _classNames[task] = statements.Values.SelectMany(s => MapStatement(s, task)).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>All recordings, in file order.</summary>
    public IReadOnlyList<PtbXlEntry> Entries { get; }

    /// <summary>The SCP statements by code.</summary>
    public IReadOnlyDictionary<string, PtbXlScpStatement> Statements => _statements;

    /// <summary>Loads <c>ptbxl_database.csv</c> and <c>scp_statements.csv</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the two files is missing.</exception>
    /// <exception cref="FgClepFormatException">A file is malformed (the message names file, line and problem).</exception>
    public static PtbXlDatabase Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"PTB-XL folder '{directory}' was not found.");
        var statements = ReadStatements(Path.Combine(directory, StatementsFileName));
        var entries = ReadEntries(Path.Combine(directory, DatabaseFileName));
        return new PtbXlDatabase(directory, entries, statements);
    }

    /// <summary>The split of a stratified fold: 1–8 <c>train</c>, 9 <c>validation</c>, 10 <c>test</c>.</summary>
    public static string SplitOfFold(int fold) => fold switch
    {
        >= 1 and <= 8 => "train",
        9 => "validation",
        10 => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(fold), fold, "PTB-XL folds are 1 to 10."),
    };

    /// <summary>
    /// The records <paramref name="options"/> selects (folds, task, MERL split, rate, missing files), read from this
    /// database's folder with the WFDB reader when the source is enumerated. The loaders and <see cref="EcgCorpus"/> read
    /// PTB-XL through it.
    /// </summary>
    /// <exception cref="FileNotFoundException">
    /// Selected records have no signal file at the chosen rate and <see cref="PtbXlLoadOptions.SkipMissingRecords"/> is false.
    /// </exception>
    public PtbXlRecordSource Records(PtbXlLoadOptions? options = null) =>
        new(this, options ?? new PtbXlLoadOptions(), WfdbRecordReader.Read);

    /// <summary>The class names of <paramref name="task"/>, sorted ordinally (5 / 23 / 19 / 12 for the full statement table).</summary>
    public IReadOnlyList<string> ClassNames(PtbXlTask task) => _classNames[task];

    /// <summary>The classes of <paramref name="task"/> that <paramref name="entry"/> has, in <see cref="ClassNames"/> order.</summary>
    public IReadOnlyList<string> GetLabels(PtbXlEntry entry, PtbXlTask task)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in entry.ScpCodes.Keys)
        {
            if (_statements.TryGetValue(code, out var statement)) found.UnionWith(MapStatement(statement, task));
        }
        return _classNames[task].Where(found.Contains).ToArray();
    }

    private static IEnumerable<string> MapStatement(PtbXlScpStatement s, PtbXlTask task)
    {
        switch (task)
        {
            case PtbXlTask.Super when s.IsDiagnostic && s.DiagnosticClass.Length > 0: yield return s.DiagnosticClass; break;
            case PtbXlTask.Sub when s.IsDiagnostic && s.DiagnosticSubclass.Length > 0: yield return s.DiagnosticSubclass; break;
            case PtbXlTask.Form when s.IsForm: yield return s.Code; break;
            case PtbXlTask.Rhythm when s.IsRhythm: yield return s.Code; break;
        }
    }

    private static Dictionary<string, PtbXlScpStatement> ReadStatements(string path)
    {
        using var csv = CsvReader.Open(path);
        // pandas writes the index (the SCP code) as a first column with an empty name.
        const string codeColumn = "";
        csv.RequireColumns(codeColumn, "description", "diagnostic", "form", "rhythm", "diagnostic_class", "diagnostic_subclass");
        var result = new Dictionary<string, PtbXlScpStatement>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var code = csv[codeColumn].Trim();
            if (code.Length == 0) throw csv.Error("expected an SCP code in the first column, found an empty field.");
            var statement = new PtbXlScpStatement(
                code, csv["description"].Trim(), csv.GetFlag("diagnostic"), csv.GetFlag("form"), csv.GetFlag("rhythm"),
                csv["diagnostic_class"].Trim(), csv["diagnostic_subclass"].Trim());
            if (!result.TryAdd(code, statement)) throw csv.Error($"expected each SCP code once, found '{code}' again.");
        }
        return result;
    }

    private static List<PtbXlEntry> ReadEntries(string path)
    {
        using var csv = CsvReader.Open(path);
        csv.RequireColumns("ecg_id", "scp_codes", "strat_fold", "filename_lr", "filename_hr");
        var entries = new List<PtbXlEntry>();
        var seen = new HashSet<int>();
        while (csv.Read())
        {
            int id = csv.GetInt32("ecg_id");
            if (!seen.Add(id)) throw csv.Error($"expected each ecg_id once, found {id} again.");
            int fold = csv.GetInt32("strat_fold");
            if (fold is < 1 or > 10) throw csv.Error($"expected strat_fold between 1 and 10, found {fold}.");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in csv.Header) fields.TryAdd(column, csv[column]);
            double? patient = csv.HasColumn("patient_id") ? csv.GetDoubleOrNull("patient_id") : null;
            double? sex = csv.HasColumn("sex") ? csv.GetDoubleOrNull("sex") : null;
            entries.Add(new PtbXlEntry
            {
                EcgId = id,
                PatientId = patient is null ? null : (int)patient.Value,
                Age = csv.HasColumn("age") ? csv.GetDoubleOrNull("age") : null,
                Sex = sex is null ? null : (int)sex.Value,
                Report = CsvReader.IsMissing(csv.GetOptional("report") ?? "") ? "" : csv["report"].Trim(),
                ScpCodes = PtbXlScpCodesParser.Parse(csv["scp_codes"], path, csv.Location),
                StratFold = fold,
                FilenameLr = csv["filename_lr"].Trim(),
                FilenameHr = csv["filename_hr"].Trim(),
                ValidatedByHuman = csv.HasColumn("validated_by_human") && csv.GetFlag("validated_by_human"),
                Fields = fields,
            });
        }
        return entries;
    }
}
