using System.Globalization;
using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Preprocessing;

namespace FgClep.PtbXlBenchmark;

/// <summary>One PTB-XL record as the benchmark uses it: preprocessed signal, English report, fold and labels per task.</summary>
internal sealed record PtbXlItem(int EcgId, int Fold, float[] Signal, string OriginalReport, string Report,
    IReadOnlyDictionary<PtbXlTask, IReadOnlyList<string>> Labels, IReadOnlyCollection<string> ScpCodes)
{
    public string Split => PtbXlDatabase.SplitOfFold(Fold);
}

/// <summary>
/// Every PTB-XL record present in the folder (100 Hz), read through the library's corpus with translated reports, and the
/// four task definitions (MERL's record sets from <c>merlSplitDirectory</c>, else the official folds).
/// </summary>
internal static class PtbXlCorpus
{
    public static (PtbXlDatabase Database, IReadOnlyDictionary<PtbXlTask, PtbXlTaskDefinition> Tasks, List<PtbXlItem> Items, int Missing) Load(
        string directory, string? merlSplitDirectory, EcgPreprocessor preprocessor)
    {
        var db = PtbXlDatabase.Load(directory);
        var tasks = PtbXlTaskDefinition.All.ToDictionary(t => t, t => PtbXlTaskDefinition.Create(db, t, merlSplitDirectory));
        var source = db.Records(new PtbXlLoadOptions { SkipMissingRecords = true, TranslateReports = true });
        var entries = db.Entries.ToDictionary(e => e.EcgId);
        var items = EcgCorpus.Preprocess(source, preprocessor).Select(record =>
        {
            var entry = entries[int.Parse(record.RecordId, CultureInfo.InvariantCulture)];
            var labels = tasks.ToDictionary(t => t.Key, t => t.Value.Labels(entry));
            return new PtbXlItem(entry.EcgId, entry.StratFold, record.Input, entry.Report, record.Report, labels, entry.ScpCodes.Keys.ToArray());
        }).ToList();
        return (db, tasks, items, source.MissingRecords);
    }
}
