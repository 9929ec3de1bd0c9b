using FgClep.IO.Wfdb;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// One PTB-XL task in one place: its classes, the labels of a record, the zero-shot prompts and the records of each split.
/// The loaders, the CLI and the PTB-XL benchmark all take their task from here.
/// </summary>
/// <example><code>
/// var db = PtbXlDatabase.Load("data/ptbxl");
/// var form = PtbXlTaskDefinition.Create(db, PtbXlTask.Form, merlSplitDirectory: "data/merl_splits/ptbxl");
/// var test = form.ReadRecords(PtbXlLoadOptions.TestFolds);                 // form's test records, translated
/// var prompts = form.Prompts();                                           // one ZeroShotClass per form statement
/// </code></example>
public sealed class PtbXlTaskDefinition
{
    private readonly PtbXlDatabase _database;
    private readonly string? _merlSplitDirectory;

    private PtbXlTaskDefinition(PtbXlDatabase database, PtbXlTask task, string? merlSplitDirectory, PtbXlTaskRecords records)
    {
        _database = database;
        _merlSplitDirectory = merlSplitDirectory;
        Task = task;
        Records = records;
    }

    /// <summary>The four tasks of the benchmark, in the paper's order.</summary>
    public static IReadOnlyList<PtbXlTask> All { get; } = [PtbXlTask.Super, PtbXlTask.Sub, PtbXlTask.Form, PtbXlTask.Rhythm];

    /// <summary>
    /// The definition of <paramref name="task"/> on <paramref name="database"/>. Its record sets are MERL's per-task split
    /// files in <paramref name="merlSplitDirectory"/> (the paper's), or with null the official folds 1–8 / 9 / 10 restricted
    /// to the records with a label of the task.
    /// </summary>
    /// <exception cref="FileNotFoundException">A MERL split file is missing.</exception>
    /// <exception cref="FgClep.IO.FgClepFormatException">A MERL split file is malformed or disagrees with the folds.</exception>
    public static PtbXlTaskDefinition Create(PtbXlDatabase database, PtbXlTask task, string? merlSplitDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var records = merlSplitDirectory is null
            ? PtbXlTaskRecords.FromFolds(database, task)
            : PtbXlTaskRecords.FromMerlSplits(database, task, merlSplitDirectory);
        return new PtbXlTaskDefinition(database, task, merlSplitDirectory, records);
    }

    /// <summary>The task.</summary>
    public PtbXlTask Task { get; }

    /// <summary>The task's name in lower case (<c>super</c>, <c>sub</c>, <c>form</c>, <c>rhythm</c>), as the CLI and the tables write it.</summary>
    public string Name => Task.ToString().ToLowerInvariant();

    /// <summary>The classes, in label-slot order.</summary>
    public IReadOnlyList<string> ClassNames => _database.ClassNames(Task);

    /// <summary>The records of each split.</summary>
    public PtbXlTaskRecords Records { get; }

    /// <summary>The classes of the task that <paramref name="entry"/> has, in <see cref="ClassNames"/> order.</summary>
    public IReadOnlyList<string> Labels(PtbXlEntry entry) => _database.GetLabels(entry, Task);

    /// <summary>The zero-shot classes: each class with its SCP statement descriptions as prompts (see <see cref="PtbXlPrompts"/>).</summary>
    /// <param name="templates">Prompt templates with <see cref="PtbXlPrompts.DescriptionPlaceholder"/>; null for the descriptions alone.</param>
    public IReadOnlyList<ZeroShotClass> Prompts(IReadOnlyList<string>? templates = null) => PtbXlPrompts.Classes(_database, Task, templates);

    /// <summary>
    /// Load options selecting this task's records of <paramref name="folds"/> (null: all), with the task's labels and the
    /// same record sets as <see cref="Records"/>.
    /// </summary>
    public PtbXlLoadOptions LoadOptions(IReadOnlyCollection<int>? folds = null) =>
        new() { Task = Task, Folds = folds, MerlSplitDirectory = _merlSplitDirectory };

    /// <summary>
    /// This task's records of <paramref name="folds"/> (null: all), read with the WFDB reader and translated, from the record
    /// sets this definition already holds (the split files are not read again).
    /// </summary>
    /// <param name="folds">The folds; null for all.</param>
    /// <param name="samplingRate">100 (<c>filename_lr</c>) or 500 Hz (<c>filename_hr</c>).</param>
    /// <param name="skipMissingRecords">Leave out records without a signal file at that rate instead of failing.</param>
    /// <exception cref="FileNotFoundException">Selected records have no signal file and <paramref name="skipMissingRecords"/> is false.</exception>
    public PtbXlRecordSource ReadRecords(IReadOnlyCollection<int>? folds = null, int samplingRate = 100, bool skipMissingRecords = false) =>
        new(_database, LoadOptions(folds) with { SamplingRate = samplingRate, SkipMissingRecords = skipMissingRecords }, WfdbRecordReader.Read,
            taskRecords: Records);
}
