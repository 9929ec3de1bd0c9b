
namespace FgClep.Datasets.PtbXl;

/// <summary>Settings of <see cref="FgClep.MLNet.EcgDataCatalogExtensions.LoadPtbXl"/>.</summary>
public sealed record PtbXlLoadOptions : EcgLoadOptions
{
    /// <summary>The official training folds, 1–8.</summary>
    public static IReadOnlyList<int> TrainFolds { get; } = new[] { 1, 2, 3, 4, 5, 6, 7, 8 };

    /// <summary>The official validation fold, 9.</summary>
    public static IReadOnlyList<int> ValidationFolds { get; } = new[] { 9 };

    /// <summary>The official test fold, 10.</summary>
    public static IReadOnlyList<int> TestFolds { get; } = new[] { 10 };

    /// <summary>Which recordings to read: 100 (<c>filename_lr</c>, default) or 500 Hz (<c>filename_hr</c>).</summary>
    public int SamplingRate { get; init; } = 100;

    /// <summary>
    /// Leave out the selected records whose signal file is absent at <see cref="SamplingRate"/> (default false: the load
    /// fails before reading anything, saying how many are absent and naming the first). Useful with a partial copy of
    /// PTB-XL, e.g. 500 Hz files for some records only.
    /// </summary>
    public bool SkipMissingRecords { get; init; }

    /// <summary>Only records of these stratified folds (1–10); null for all.</summary>
    public IReadOnlyCollection<int>? Folds { get; init; }

    /// <summary>
    /// The label task: record labels become that task's classes and the label column lists them (unless
    /// <see cref="EcgLoadOptions.ClassNames"/> is set). Null: record labels are the raw SCP codes.
    /// </summary>
    public PtbXlTask? Task { get; init; }

    /// <summary>
    /// With a <see cref="Task"/>, also read the records that have no label of that task (default false). The benchmark
    /// protocol evaluates each task on its own records, so by default a record without, say, a form statement is left out
    /// of the form task instead of counting as a negative for every form class. Ignored without a task.
    /// </summary>
    public bool KeepUnlabelledRecords { get; init; }

    /// <summary>
    /// MERL's split folder for PTB-XL (e.g. <c>merl_splits/ptbxl</c>, holding <c>super_class/</c>, <c>sub_class/</c>,
    /// <c>form/</c>, <c>rhythm/</c>): with a <see cref="Task"/>, only the records its split files list for that task are read
    /// (the paper's record sets, see <see cref="PtbXlTaskRecords.FromMerlSplits"/>). Null (default): the records of the
    /// folds that have a label of the task. <see cref="Folds"/> still selects the split.
    /// </summary>
    public string? MerlSplitDirectory { get; init; }

    /// <summary>
    /// Reports in English (default true): PTB-XL's German and Swedish reports go through
    /// <see cref="PtbXlReportTranslator.Default"/>, the translation the CLI and the PTB-XL benchmark use, so every path sees
    /// the same text. False keeps the original report.
    /// </summary>
    public bool TranslateReports { get; init; } = true;
}
