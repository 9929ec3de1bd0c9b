using System.CommandLine;
using System.Globalization;
using FgClep.Datasets;
using FgClep.Datasets.Challenge;
using FgClep.Datasets.MimicIv;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.IO.Wfdb;
using FgClep.MLNet;
using FgClep.Preprocessing;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// The data-source flags every data command shares: exactly one of <c>--ptbxl</c>, <c>--wfdb</c>, <c>--challenge</c>,
/// <c>--mimic</c>, <c>--synthetic</c>, plus the split, label task and record limit.
/// </summary>
internal sealed class DataSourceOptions
{
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";
    public const string All = "all";

    /// <param name="command">The command to add the options to.</param>
    /// <param name="defaultSplit">The default of <c>--split</c>; null when the command reads every split itself (no <c>--split</c> option).</param>
    public DataSourceOptions(FgClepCommand command, string? defaultSplit)
    {
        PtbXl = command.Add(new Option<string?>("--ptbxl") { Description = "PTB-XL folder (ptbxl_database.csv, scp_statements.csv, records100/); splits are folds 1–8 / 9 / 10 (or MERL's, see --split-source), each task reads only the records with a label of it, German and Swedish reports are translated to English.", HelpName = "DIR" });
        Wfdb = command.Add(new Option<string?>("--wfdb") { Description = "A folder of WFDB records (.hea + signal files), searched recursively; no splits or labels.", HelpName = "DIR" });
        Challenge = command.Add(new Option<string?>("--challenge") { Description = "A PhysioNet/CinC Challenge 2020/2021 folder (CPSC2018, Chapman-Shaoxing-Ningbo): labels from the headers' SNOMED codes, split 70/10/20 by record name.", HelpName = "DIR" });
        Mimic = command.Add(new Option<string?>("--mimic") { Description = "A MIMIC-IV-ECG folder (record_list.csv, machine_measurements.csv, files/); pre-training data, no splits or labels.", HelpName = "DIR" });
        Synthetic = command.Add(new Option<int?>("--synthetic") { Description = "Generate N synthetic 12-lead ECGs with reports and labels (15 conditions); records 0–80 % are train, then 10 % validation, 10 % test.", HelpName = "N" });
        SyntheticSeed = command.Add(new Option<int>("--synthetic-seed") { Description = "Seed of the synthetic generator (keep it the same across commands to see the same records).", DefaultValueFactory = _ => 1 });
        Synthetic.Whole(2);
        SyntheticSeed.Whole();
        Split = new Option<string>("--split") { Description = "Which records: train, validation, test or all.", DefaultValueFactory = _ => defaultSplit ?? All };
        Split.OneOf(Train, Validation, Test, All);
        if (defaultSplit is not null) command.Add(Split);
        Task = command.Add(new Option<string>("--task") { Description = "PTB-XL label task: super, sub, form or rhythm.", DefaultValueFactory = _ => "super" });
        Task.OneOf("super", "sub", "form", "rhythm");
        SplitSource = command.Add(new Option<string>("--split-source")
        {
            Description = "PTB-XL record sets: folds (official folds 1–8 / 9 / 10, the records with a label of --task) or merl (MERL's per-task split files, the paper's record sets; see --merl-splits).",
            DefaultValueFactory = _ => "folds",
        });
        SplitSource.OneOf("folds", "merl");
        PtbXlRate = command.Add(new Option<int?>("--ptbxl-rate") { Description = "Which PTB-XL files to read: 100 (records100/) or 500 Hz (records500/); default: 500 when the model's rate is above 100 Hz, else 100.", HelpName = "HZ" });
        PtbXlRate.OneOf("100", "500");
        SkipMissing = command.Add(new Option<bool>("--skip-missing") { Description = "Leave out PTB-XL records whose file at the chosen rate is absent (a partial copy) instead of stopping; the count is reported." });
        MerlSplits = command.Add(new Option<string?>("--merl-splits") { Description = "MERL's PTB-XL split folder (super_class/, sub_class/, form/, rhythm/) for --split-source merl; default: merl_splits/ptbxl beside the --ptbxl folder.", HelpName = "DIR" });
        Labels = command.Add(new Option<string>("--labels") { Description = "Challenge label set: cpsc2018 (9 classes), chapman (MERL's classes) or none.", DefaultValueFactory = _ => "cpsc2018" });
        Labels.OneOf("cpsc2018", "chapman", "none");
        MaxRecords = command.Add(new Option<int?>("--max-records") { Description = "Use at most N records of the selection (the first N).", HelpName = "N" });
        MaxRecords.Whole(1);
    }

    public Option<string?> PtbXl { get; }
    public Option<string?> Wfdb { get; }
    public Option<string?> Challenge { get; }
    public Option<string?> Mimic { get; }
    public Option<int?> Synthetic { get; }
    public Option<int> SyntheticSeed { get; }
    public Option<string> Split { get; }
    public Option<string> Task { get; }
    public Option<int?> PtbXlRate { get; }
    public Option<bool> SkipMissing { get; }
    public Option<string> SplitSource { get; }
    public Option<string?> MerlSplits { get; }
    public Option<string> Labels { get; }
    public Option<int?> MaxRecords { get; }

    /// <summary>
    /// The data selection as text: every data flag's value, with folders as full paths. Two runs with the same identity read
    /// the same records (unless the files in the folders changed), so it keys on-disk caches of those records.
    /// </summary>
    public string Identity(ParseResult result)
    {
        static string? Folder(string? path) => path is null ? null : Path.GetFullPath(path);
        var parts = new (string Name, object? Value)[]
        {
            ("ptbxl", Folder(result.GetValue(PtbXl))), ("wfdb", Folder(result.GetValue(Wfdb))), ("challenge", Folder(result.GetValue(Challenge))),
            ("mimic", Folder(result.GetValue(Mimic))), ("synthetic", result.GetValue(Synthetic)), ("synthetic-seed", result.GetValue(SyntheticSeed)),
            ("split", result.GetValue(Split)), ("task", result.GetValue(Task)), ("ptbxl-rate", result.GetValue(PtbXlRate)),
            ("skip-missing", result.GetValue(SkipMissing)), ("split-source", result.GetValue(SplitSource)), ("merl-splits", Folder(result.GetValue(MerlSplits))),
            ("labels", result.GetValue(Labels)), ("max-records", result.GetValue(MaxRecords)),
        };
        return string.Join("\n", parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Value}")));
    }

    /// <summary>The split the user asked for.</summary>
    public string SplitOf(ParseResult result) => result.GetValue(Split)!;

    /// <summary>Opens the selected records of <paramref name="split"/> as a streaming view preprocessed with <paramref name="preprocessing"/>.</summary>
    public LoadedData Load(ParseResult result, string split, EcgPreprocessorOptions preprocessing)
    {
        var given = Given(result);
        if (given.Length == 0)
            throw new CliUsageException("no data source given", "Add one of --ptbxl DIR, --wfdb DIR, --challenge DIR, --mimic DIR or --synthetic N");
        if (given.Length > 1)
            throw new CliUsageException($"several data sources given ({string.Join(", ", given)})", "Give exactly one data source");
        if (result.GetValue(MaxRecords) is < 1)
            throw new CliUsageException("--max-records must be at least 1", "Leave it out to use every record");

        var loaded = given[0] switch
        {
            "--ptbxl" => LoadPtbXl(RequireDirectory(result.GetValue(PtbXl)!, "--ptbxl"), split, Enum.Parse<PtbXlTask>(result.GetValue(Task)!, ignoreCase: true),
                MerlDirectory(result), result.GetValue(PtbXlRate) ?? (preprocessing.SamplingRate > 100 ? 500 : 100), result.GetValue(SkipMissing), preprocessing),
            "--wfdb" => new LoadedData(new EcgRecordPathSource(WfdbRecordFormat.Instance.FindRecords(RequireDirectory(result.GetValue(Wfdb)!, "--wfdb")), WfdbRecordFormat.Instance), preprocessing, null, "WFDB records"),
            "--challenge" => LoadChallenge(RequireDirectory(result.GetValue(Challenge)!, "--challenge"), split, result.GetValue(Labels)!, preprocessing),
            "--mimic" => new LoadedData(new MimicIvEcgDataset(RequireDirectory(result.GetValue(Mimic)!, "--mimic"), null), preprocessing, null, "MIMIC-IV-ECG"),
            _ => LoadSynthetic(result.GetValue(Synthetic)!.Value, result.GetValue(SyntheticSeed), split, preprocessing),
        };
        return loaded with { Source = Limit(loaded.Source, result) };
    }

    /// <summary>Whether the command line names a data source (<see cref="Load"/> still checks that it names only one).</summary>
    public bool IsGiven(ParseResult result) => Given(result).Length > 0;

    private string[] Given(ParseResult result) => new (string Flag, bool Set)[]
    {
        ("--ptbxl", result.GetValue(PtbXl) is not null), ("--wfdb", result.GetValue(Wfdb) is not null),
        ("--challenge", result.GetValue(Challenge) is not null), ("--mimic", result.GetValue(Mimic) is not null),
        ("--synthetic", result.GetValue(Synthetic) is not null),
    }.Where(g => g.Set).Select(g => g.Flag).ToArray();

    private IEcgRecordSource Limit(IEcgRecordSource source, ParseResult result) => result.GetValue(MaxRecords) is int max ? First(source, max) : source;

    /// <summary>The first <paramref name="count"/> records of <paramref name="source"/>, read lazily.</summary>
    public static IEcgRecordSource First(IEcgRecordSource source, int count) =>
        EcgRecordSource.FromFactory(() => source.GetRecords().Take(count), source.Count is long n ? Math.Min(n, count) : null);

    private static string RequireDirectory(string path, string flag)
    {
        if (!Directory.Exists(path))
            throw new CliUsageException($"{flag} folder '{path}' does not exist", $"Give the folder that holds the data set after {flag}");
        return path;
    }

    /// <summary>MERL's split folder when <c>--split-source merl</c>, else null.</summary>
    private string? MerlDirectory(ParseResult result)
    {
        string? given = result.GetValue(MerlSplits);
        if (result.GetValue(SplitSource) != "merl")
        {
            if (given is not null) throw new CliUsageException("--merl-splits is read only with --split-source merl", "Add --split-source merl, or leave --merl-splits out");
            return null;
        }
        if (given is not null) return RequireDirectory(given, "--merl-splits");
        string sibling = Path.GetFullPath(Path.Combine(result.GetValue(PtbXl) ?? ".", "..", "merl_splits", "ptbxl"));
        if (!Directory.Exists(sibling))
            throw new CliUsageException($"--split-source merl found no MERL split folder at '{sibling}'", "Give it with --merl-splits DIR (the folder holding super_class/, sub_class/, form/, rhythm/)");
        return sibling;
    }

    private static LoadedData LoadPtbXl(string directory, string split, PtbXlTask task, string? merlDirectory, int rate, bool skipMissing,
        EcgPreprocessorOptions preprocessing)
    {
        var database = PtbXlDatabase.Load(directory);
        IReadOnlyCollection<int>? folds = split switch
        {
            Train => PtbXlLoadOptions.TrainFolds.ToArray(),
            Validation => PtbXlLoadOptions.ValidationFolds.ToArray(),
            Test => PtbXlLoadOptions.TestFolds.ToArray(),
            _ => null,
        };
        // The source translates the reports (PtbXlLoadOptions.TranslateReports).
        var definition = PtbXlTaskDefinition.Create(database, task, merlDirectory);
        var source = definition.ReadRecords(folds, rate, skipMissing);
        string records = (merlDirectory is null ? "records with a label of the task" : "MERL's records of the task") +
            string.Create(CultureInfo.InvariantCulture, $", {rate} Hz files") +
            (source.MissingRecords > 0 ? string.Create(CultureInfo.InvariantCulture, $", {source.MissingRecords} records without one left out") : "");
        return new LoadedData(source, preprocessing, definition.ClassNames,
            $"PTB-XL ({split}, {definition.Name} labels, {records})") { PtbXlTask = definition };
    }

    private static LoadedData LoadChallenge(string directory, string split, string labels, EcgPreprocessorOptions preprocessing)
    {
        var map = labels switch { "cpsc2018" => Cpsc2018Labels.LabelMap, "chapman" => ChapmanLabels.LabelMap, _ => null };
        var dataset = new PhysioNetChallengeDataset(directory, map, split == All ? null : split, 42, 0.7, 0.1);
        return new LoadedData(dataset, preprocessing, map?.ClassNames, $"Challenge records ({split}, {labels} labels)") { LabelMap = map };
    }

    private static LoadedData LoadSynthetic(int count, int seed, string split, EcgPreprocessorOptions preprocessing)
    {
        if (count < 2) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--synthetic {count} is too few records"), "Give at least 10 (e.g. --synthetic 400)");
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = seed });
        var (source, start) = SyntheticEcgSplit.Source(generator, count, split is Train or Validation or Test ? split : null);
        long n = source.Count ?? 0;
        return new LoadedData(source, preprocessing, SyntheticEcgGenerator.Conditions,
            string.Create(CultureInfo.InvariantCulture, $"synthetic ECGs {start}–{start + n - 1} ({split})"));
    }
}
