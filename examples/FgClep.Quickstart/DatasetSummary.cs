using FgClep.Datasets;
using FgClep.Datasets.Synthetic;

namespace FgClep.Quickstart;

/// <summary>Counts per condition and per waveform feature, and the mean heart rate, of a train/test pair.</summary>
internal sealed class DatasetSummary
{
    private DatasetSummary(IReadOnlyList<PreprocessedEcg> train, IReadOnlyList<PreprocessedEcg> test)
    {
        Train = train.Count;
        Test = test.Count;
        Conditions = SyntheticEcgGenerator.Conditions.ToDictionary(c => c, c => (train.Count(r => r.Labels.Contains(c)), test.Count(r => r.Labels.Contains(c))));
        Features = SyntheticEcgGenerator.FeatureVocabulary.ToDictionary(f => f, f => (train.Count(r => r.WaveformFeatures.Contains(f)), test.Count(r => r.WaveformFeatures.Contains(f))));
        MeanHeartRate = train.Concat(test).Average(SyntheticRecords.HeartRate);
        MeanFeaturesPerRecord = train.Concat(test).Average(r => r.WaveformFeatures.Count);
    }

    public int Train { get; }
    public int Test { get; }
    public Dictionary<string, (int Train, int Test)> Conditions { get; }
    public Dictionary<string, (int Train, int Test)> Features { get; }
    public double MeanHeartRate { get; }
    public double MeanFeaturesPerRecord { get; }

    public static DatasetSummary Of(IReadOnlyList<PreprocessedEcg> train, IReadOnlyList<PreprocessedEcg> test) => new(train, test);

    public void Print(TextWriter output)
    {
        output.WriteLine($"Records: {Train} train, {Test} test; mean heart rate {MeanHeartRate:F1} bpm; {MeanFeaturesPerRecord:F1} waveform features per record");
        PrintTable(output, "Condition", Conditions);
        PrintTable(output, "Waveform feature", Features);
    }

    private static void PrintTable(TextWriter output, string title, Dictionary<string, (int Train, int Test)> rows)
    {
        int width = Math.Max(title.Length, rows.Keys.Max(k => k.Length));
        output.WriteLine();
        output.WriteLine($"{title.PadRight(width)}  {"train",6}  {"test",6}");
        output.WriteLine(new string('-', width + 16));
        foreach (var (name, (train, test)) in rows) output.WriteLine($"{name.PadRight(width)}  {train,6}  {test,6}");
    }

    public object ToJson() => new
    {
        records = new { train = Train, test = Test },
        meanHeartRateBpm = Math.Round(MeanHeartRate, 2),
        meanFeaturesPerRecord = Math.Round(MeanFeaturesPerRecord, 2),
        conditions = Conditions.ToDictionary(kv => kv.Key, kv => new { train = kv.Value.Train, test = kv.Value.Test }),
        features = Features.ToDictionary(kv => kv.Key, kv => new { train = kv.Value.Train, test = kv.Value.Test }),
    };
}
