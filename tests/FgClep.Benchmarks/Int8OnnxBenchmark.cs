using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Modeling.Text;
using FgClep.Onnx;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace FgClep.Benchmarks;

/// <summary>
/// The int8 ONNX export against the float32 one, in one run on one trained zero-shot classifier (the quickstart's
/// architecture, ResNet18-1d width 32): ECG/s of both through ONNX Runtime (batch 64, alternating repetitions), and zero-shot
/// macro AUROC of both on held-out synthetic records. The int8 ranges are calibrated on 256 training records.
/// Goals: int8 throughput ≥ 1.8 × float32; AUROC within 0.005 of float32.
/// Options: <c>--model &lt;file.fgclep&gt;</c> (e.g. the quickstart's <c>fgclep.fgclep</c>; otherwise a model is trained here on
/// synthetic pairs: 1,600 records, frozen MiniLM, 3 epochs, 2 with <c>--quick</c>), <c>--reps &lt;n&gt;</c> (default 9; 5 with
/// <c>--quick</c>), <c>--threads &lt;n&gt;</c> (ORT intra-op threads; default ORT's own).
/// </summary>
internal sealed class Int8OnnxBenchmark : IBenchmark
{
    private const double SpeedGoal = 1.8, AurocTolerance = 0.005;
    private const int TrainRecords = 1600, TestRecords = 400, CalibrationRecords = 256, Batch = 64;

    public string Name => "int8";

    public string Description => "int8 vs float32 ONNX export: ECG/s and zero-shot macro AUROC (goals: >= 1.8x, AUROC within 0.005)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 5 : 9), threads = BenchmarkStats.IntOption(args, "--threads", 0);
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 11 });
        var preprocessor = new EcgPreprocessor();
        var train = generator.Generate(0, TrainRecords).Select(r => PreprocessedEcg.From(r, preprocessor.Process(r))).ToList();
        var test = generator.Generate(TrainRecords, TestRecords).Select(r => PreprocessedEcg.From(r, preprocessor.Process(r))).ToList();

        var modelPath = BenchmarkData.Option(args, "--model");
        using var model = modelPath is not null ? ClepEncoder.Load(modelPath) : Train(train, quick ? 2 : 3);
        var classes = SyntheticEcgGenerator.Conditions.Select(c => new ZeroShotClass(c)).ToList();
        var floatPath = Path.Combine(Path.GetTempPath(), $"fgclep-bench-{Guid.NewGuid():N}.onnx");
        var int8Path = Path.Combine(Path.GetTempPath(), $"fgclep-bench-{Guid.NewGuid():N}.int8.onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, classes, ensembleOverLeads: false, floatPath, OnnxExportShape.Batch);
            var clock = Stopwatch.StartNew();
            OnnxExporter.ExportZeroShotClassifier(model, classes, ensembleOverLeads: false, int8Path, OnnxExportShape.Batch,
                train.Take(CalibrationRecords).Select(r => r.Input).ToList());
            double exportSeconds = clock.Elapsed.TotalSeconds;
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (threads > 0) options.IntraOpNumThreads = threads;
            using var floatSession = new InferenceSession(floatPath, options);
            using var int8Session = new InferenceSession(int8Path, options);

            var signals = test.Select(r => r.Input).ToList();
            var labels = MultiHotLabels.Rows(test.Select(r => r.Labels), SyntheticEcgGenerator.Conditions).SelectMany(l => l).ToArray();
            double floatAuroc = RocAuc.ComputeMacro(Logits(floatSession, signals), labels, classes.Count).Macro;
            double int8Auroc = RocAuc.ComputeMacro(Logits(int8Session, signals), labels, classes.Count).Macro;

            var timed = signals.Take(Batch * 4).ToList();
            var rates = new[] { new List<double>(), new List<double>() };
            var sessions = new[] { floatSession, int8Session };
            for (int r = 0; r < reps; r++)
            {
                for (int turn = 0; turn < 2; turn++)
                {
                    int which = (r + turn) % 2;
                    var sw = Stopwatch.StartNew();
                    Logits(sessions[which], timed);
                    rates[which].Add(timed.Count / sw.Elapsed.TotalSeconds);
                }
            }
            double floatRate = BenchmarkStats.Median(rates[0]), int8Rate = BenchmarkStats.Median(rates[1]), ratio = int8Rate / floatRate;
            var setting = string.Create(CultureInfo.InvariantCulture,
                $"ResNet{model.Network.EcgEncoder.Options.Depth}-1d w{model.Network.EcgEncoder.Options.BaseWidth}, batch {Batch}, {reps} alternating reps, " +
                $"ORT {(threads > 0 ? threads.ToString(CultureInfo.InvariantCulture) : "default")} threads; model {(modelPath ?? "trained here")}; int8 export {exportSeconds:0.0} s");
            Console.WriteLine(setting);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"float32 {floatRate:0} ECG/s | int8 {int8Rate:0} ECG/s | ratio {ratio:0.00}; zero-shot macro AUROC float32 {floatAuroc:0.0000} int8 {int8Auroc:0.0000}"));
            return
            [
                new BenchmarkResult(Name, "int8 / float32 ONNX Runtime ECG/s (zero-shot classifier)")
                {
                    Value = ratio, AtLeast = SpeedGoal, Note = setting,
                    Summary = string.Create(CultureInfo.InvariantCulture, $"int8 {int8Rate:0} vs float32 {floatRate:0} ECG/s"),
                    Figures = new() { ["int8EcgPerSecond"] = int8Rate, ["float32EcgPerSecond"] = floatRate, ["repetitions"] = reps, ["batch"] = Batch },
                },
                new BenchmarkResult(Name, $"int8 − float32 zero-shot macro AUROC ({TestRecords} held-out records)")
                {
                    Value = int8Auroc - floatAuroc, AtLeast = -AurocTolerance, AtMost = AurocTolerance,
                    Summary = string.Create(CultureInfo.InvariantCulture, $"int8 {int8Auroc:0.0000} vs float32 {floatAuroc:0.0000}"),
                    Figures = new() { ["int8MacroAuroc"] = int8Auroc, ["float32MacroAuroc"] = floatAuroc, ["calibrationRecords"] = CalibrationRecords, ["testRecords"] = TestRecords },
                },
            ];
        }
        finally
        {
            File.Delete(floatPath);
            File.Delete(int8Path);
        }
    }

    private static ClepEncoder Train(List<PreprocessedEcg> train, int epochs)
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadPreprocessedEcg(train, train[0].Input.Length, SyntheticEcgGenerator.Conditions);
        var options = FgClepPretrainPresets.SmallCpu(epochs, textEncoder: PretrainedTextEncoder.MiniLmL6V2);
        Console.WriteLine($"Training a zero-shot model: {train.Count} synthetic pairs, {epochs} epochs, frozen MiniLM (pass --model to use a trained one)");
        using var trained = ml.Transforms.PretrainFgClep(options).Fit(view);
        return trained.Model.Clone();
    }

    /// <summary>The Logit output for all signals, a batch at a time, record-major.</summary>
    private static float[] Logits(InferenceSession session, IReadOnlyList<float[]> signals) =>
        OnnxEncoderBenchmark.EmbedOnnx(session, signals, Batch, OnnxExporter.LogitOutput).SelectMany(row => row).ToArray();
}
