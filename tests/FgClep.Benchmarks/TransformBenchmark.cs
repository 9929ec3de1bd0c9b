using System.Diagnostics;
using System.Globalization;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace FgClep.Benchmarks;

/// <summary>
/// ECG embedding through ML.NET, side by side in one run on the quickstart encoder (ResNet18-1d width 32, 12 × 1000):
/// <c>FgClepTransformer.Transform</c> read to the end (batched), <see cref="FgClep.Inference.ClepEncoder.EmbedSignals"/> on the
/// same signals (the ceiling), and a <c>PredictionEngine</c> row by row (how <c>Transform</c> ran before batching). The three
/// alternate in every repetition. Goal: Transform throughput ≥ 0.9 × EmbedSignals.
/// Options: <c>--rows &lt;n&gt;</c> (default 512), <c>--reps &lt;n&gt;</c> (default 3; 2 with <c>--quick</c>).
/// </summary>
internal sealed class TransformBenchmark : IBenchmark
{
    private const double Goal = 0.9;

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
    }

    private sealed class Embedded
    {
        public float[] EcgEmbedding = Array.Empty<float>();
    }

    public string Name => "transform";

    public string Description => "ML.NET Transform (batched) vs EmbedSignals vs PredictionEngine per row, ECG/s (goal: Transform >= 0.9 × EmbedSignals)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int rows = BenchmarkStats.IntOption(args, "--rows", 512);
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 2 : 3);
        var preprocessing = new EcgPreprocessorOptions { SampleCount = SyntheticPairs.Samples };
        var (signals, _) = SyntheticPairs.Create(rows, seed: 3);
        using var transformer = new FgClepTransformer(OnnxEncoderBenchmark.Model(18, 32, preprocessing));
        var model = transformer.Model;
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signals[0].Length);
        var view = ml.Data.LoadFromEnumerable(signals.Select(s => new Row { Signal = s }).ToList(), schema);
        var engine = ml.Model.CreatePredictionEngine<Row, Embedded>(transformer, inputSchemaDefinition: schema);
        int perRowCount = Math.Max(model.BatchSize, rows / 4); // the slow path: a quarter of the rows is enough to time it
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ResNet18-1d w32, {SyntheticPairs.Leads}×{SyntheticPairs.Samples} signals, {rows} rows ({perRowCount} per row), model batch {model.BatchSize}, " +
            $"{reps} reps; {Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}"));

        double sink = 0;
        double Time(Action action, int count)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            return count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        var measures = new Dictionary<string, (Action Run, int Count)>
        {
            ["transform"] = (() => sink += transformer.Transform(view).GetColumn<float[]>("EcgEmbedding").Sum(e => e[0]), rows),
            ["embedSignals"] = (() => sink += model.EmbedSignals(signals).Sum(e => e[0]), rows),
            ["predictionEngine"] = (() => { for (int i = 0; i < perRowCount; i++) sink += engine.Predict(new Row { Signal = signals[i] }).EcgEmbedding[0]; }, perRowCount),
        };
        var rates = measures.Keys.ToDictionary(k => k, _ => new List<double>());
        foreach (var (run, count) in measures.Values) Time(run, Math.Min(count, 1)); // warm-up
        var names = measures.Keys.ToArray();
        for (int r = 0; r < reps; r++)
            for (int k = 0; k < names.Length; k++)
            {
                var name = names[(k + r) % names.Length];
                rates[name].Add(Time(measures[name].Run, measures[name].Count));
            }

        double transform = BenchmarkStats.Median(rates["transform"]), batched = BenchmarkStats.Median(rates["embedSignals"]),
            perRow = BenchmarkStats.Median(rates["predictionEngine"]);
        double ratio = transform / batched;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Transform (batched)     {transform,8:0} ECG/s\nEmbedSignals            {batched,8:0} ECG/s\nPredictionEngine per row {perRow,7:0} ECG/s\n" +
            $"Transform / EmbedSignals {ratio:0.00} {(ratio >= Goal ? "(goal met)" : "(below goal 0.9)")}; Transform / per row {transform / perRow:0.00} [sink {sink % 997:0.000}]"));
        return
        [
            new BenchmarkResult(Name, "Transform ECG/s / EmbedSignals ECG/s (ResNet18-1d w32)")
            {
                Value = ratio, AtLeast = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"Transform {transform:0}, EmbedSignals {batched:0}, PredictionEngine {perRow:0} ECG/s; Transform / per row {transform / perRow:0.00}"),
                Figures = new()
                {
                    ["transformEcgPerSecond"] = transform, ["embedSignalsEcgPerSecond"] = batched, ["predictionEngineEcgPerSecond"] = perRow,
                    ["transformOverEmbedSignals"] = ratio, ["transformOverPerRow"] = transform / perRow, ["rows"] = rows, ["repetitions"] = reps,
                },
            },
        ];
    }
}
