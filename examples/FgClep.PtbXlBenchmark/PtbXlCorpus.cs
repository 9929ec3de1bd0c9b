using FgClep.Datasets.PtbXl;
using FgClep.IO.Wfdb;
using FgClep.Preprocessing;

namespace FgClep.PtbXlBenchmark;

/// <summary>One PTB-XL record as the benchmark uses it: preprocessed signal, English report, fold and labels per task.</summary>
internal sealed record PtbXlItem(int EcgId, int Fold, float[] Signal, string OriginalReport, string Report,
    IReadOnlyDictionary<PtbXlTask, IReadOnlyList<string>> Labels, IReadOnlyCollection<string> ScpCodes)
{
    public string Split => PtbXlDatabase.SplitOfFold(Fold);
}

/// <summary>Loads every PTB-XL record present in the folder (100 Hz), preprocessed and with translated reports.</summary>
internal static class PtbXlCorpus
{
    public static readonly PtbXlTask[] Tasks = { PtbXlTask.Super, PtbXlTask.Sub, PtbXlTask.Form, PtbXlTask.Rhythm };

    public static (PtbXlDatabase Database, List<PtbXlItem> Items, int Missing) Load(string directory, EcgPreprocessor preprocessor, Func<string, string> translate)
    {
        var db = PtbXlDatabase.Load(directory);
        var items = new List<PtbXlItem>();
        int missing = 0;
        foreach (var entry in db.Entries)
        {
            var recordPath = Path.Combine(directory, entry.FilenameLr);
            if (!File.Exists(recordPath + ".hea")) { missing++; continue; }
            var record = WfdbRecordReader.Read(recordPath);
            var labels = Tasks.ToDictionary(t => t, t => db.GetLabels(entry, t));
            items.Add(new PtbXlItem(entry.EcgId, entry.StratFold, preprocessor.Process(record), entry.Report, translate(entry.Report), labels, entry.ScpCodes.Keys.ToArray()));
        }
        return (db, items, missing);
    }
}
