namespace FgClep.Data;

/// <summary>Settings of <see cref="EcgDataCatalogExtensions.LoadPtbXl"/>.</summary>
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

    /// <summary>Only records of these stratified folds (1–10); null for all.</summary>
    public IReadOnlyCollection<int>? Folds { get; init; }

    /// <summary>
    /// The label task: record labels become that task's classes and the label column lists them (unless
    /// <see cref="EcgLoadOptions.ClassNames"/> is set). Null: record labels are the raw SCP codes.
    /// </summary>
    public PtbXlTask? Task { get; init; }

    /// <summary>
    /// Reports in English (default true): PTB-XL's German and Swedish reports go through
    /// <see cref="PtbXlReportTranslator.Default"/>, the translation the CLI and the PTB-XL benchmark use, so every path sees
    /// the same text. False keeps the original report.
    /// </summary>
    public bool TranslateReports { get; init; } = true;
}
