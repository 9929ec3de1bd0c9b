using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets.Synthetic;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Modeling.Text;
using FgClep.Training;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;
using TorchSharp;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep benchmark</c>: throughput on synthetic batches, on the CPU: ECG embeddings through TorchSharp (inference),
/// training steps (forward + backward + AdamW through <see cref="ClepTrainer"/>), and with <c>--onnx</c> the exported
/// encoder through ONNX Runtime, timed in alternation with TorchSharp. Medians over the repetitions.
/// </summary>
internal sealed class BenchmarkCommand : FgClepCommand
{
    private readonly Option<string?> _model = new("--model", "-m") { Description = "A model package to measure (default: the small-cpu architecture with random weights).", HelpName = "FILE" };
    private readonly Option<int> _batch = new("--batch") { Description = "ECGs per batch (and pairs per training step).", DefaultValueFactory = _ => 64, HelpName = "N" };
    private readonly Option<int> _repeats = new("--repeats") { Description = "Timed repetitions of each measurement, after one warm-up.", DefaultValueFactory = _ => 5, HelpName = "N" };
    private readonly Option<bool> _onnx = new("--onnx") { Description = "Also export the ECG encoder to ONNX and time ONNX Runtime against TorchSharp, alternating." };
    private readonly Option<int?> _threads = new("--threads") { Description = "Intra-op threads of TorchSharp and ONNX Runtime (default: each library's own choice).", HelpName = "N" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the random weights and the synthetic ECGs.", DefaultValueFactory = _ => 1 };

    public BenchmarkCommand() : base("benchmark", "Measure ECG-embedding and training-step throughput (ECG/s) on synthetic batches, and with --onnx ONNX Runtime against TorchSharp.",
        "fgclep benchmark",
        "fgclep benchmark --onnx --repeats 9",
        "fgclep benchmark --model runs/clep/model.fgclep --batch 32 --threads 2 --json")
    {
        Add(_model, _batch, _repeats, _onnx, _threads, _seed);
        _batch.Whole(2);
        _repeats.Whole(1);
        _threads.Whole(1);
        _seed.Whole();
    }

    private sealed record Rate(double EcgPerSecond, double MillisecondsPerBatch);

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        int batch = result.GetValue(_batch), repeats = result.GetValue(_repeats), seed = result.GetValue(_seed);
        if (batch < 2) throw new CliUsageException("--batch must be at least 2", "A contrastive training step needs pairs to contrast; e.g. --batch 64");
        if (repeats < 1) throw new CliUsageException("--repeats must be at least 1", "e.g. --repeats 5");
        if (result.GetValue(_threads) is < 1) throw new CliUsageException("--threads must be at least 1", "Leave it out to let each library choose");
        int torchThreads = torch.get_num_threads();
        try
        {
            if (result.GetValue(_threads) is int threads) torch.set_num_threads(threads);
            return Measure(result, output, batch, repeats, seed, cancellationToken);
        }
        finally
        {
            // The setting is process-wide; put it back for whoever runs next in this process.
            torch.set_num_threads(torchThreads);
        }
    }

    private int Measure(ParseResult result, CliOutput output, int batch, int repeats, int seed, CancellationToken cancellationToken)
    {

        string? modelPath = result.GetValue(_model);
        var records = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = seed }).Generate(0, batch).ToArray();
        var reports = records.Select(r => r.Report).ToArray();
        using var model = modelPath is null ? RandomSmallCpu(reports, seed) : ModelFile.Load(modelPath);
        model.BatchSize = batch;
        var signals = records.Select(model.Preprocessor.Process).ToList();
        string architecture = Architecture(model, modelPath);
        double? loadBefore = LoadAverage();
        output.Info(architecture);
        output.Info(string.Create(CultureInfo.InvariantCulture,
            $"Batch {batch}, {repeats} timed repetitions after a warm-up; {Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}, " +
            $"ONNX Runtime threads {(result.GetValue(_threads) is int t ? t.ToString(CultureInfo.InvariantCulture) : "default")}, load average {Load(loadBefore)}"));

        var (torchRate, onnx) = output.Progress("Inference", progress => MeasureInference(model, signals, repeats, result.GetValue(_onnx), result.GetValue(_threads), progress, cancellationToken));
        var training = output.Progress("Training steps", progress => MeasureTraining(model, signals, reports, repeats, seed, progress, cancellationToken));
        double? loadAfter = LoadAverage();

        var table = new Table().AddColumns("Measurement", "ECG/s", "ms per batch");
        void Row(string name, Rate rate) => table.AddRow(new Text(name), new Text(rate.EcgPerSecond.ToString("0.0", CultureInfo.InvariantCulture)),
            new Text(rate.MillisecondsPerBatch.ToString("0.0", CultureInfo.InvariantCulture)));
        Row("TorchSharp inference", torchRate);
        if (onnx is not null) Row("ONNX Runtime inference", onnx.Value.Rate);
        Row("Training step (forward + backward + AdamW)", training);
        output.Table(table);
        if (onnx is { } o)
            output.Info(string.Create(CultureInfo.InvariantCulture,
                $"ONNX Runtime / TorchSharp: {o.Rate.EcgPerSecond / torchRate.EcgPerSecond:0.00} (max |ONNX − TorchSharp| embedding difference {o.MaxDifference:0.0e+0})"));
        output.Info($"Load average {Load(loadBefore)} before, {Load(loadAfter)} after; compare figures only between runs at a load below the CPU count ({Environment.ProcessorCount}).");

        output.Result(new
        {
            model = modelPath,
            architecture,
            batch,
            repeats,
            processors = Environment.ProcessorCount,
            torchThreads = torch.get_num_threads(),
            onnxThreads = result.GetValue(_threads),
            loadAverageBefore = loadBefore,
            loadAverageAfter = loadAfter,
            inference = Json(torchRate),
            training = Json(training),
            onnx = onnx is { } r
                ? new
                {
                    ecgPerSecond = Math.Round(r.Rate.EcgPerSecond, 2), millisecondsPerBatch = Math.Round(r.Rate.MillisecondsPerBatch, 2),
                    ratio = Math.Round(r.Rate.EcgPerSecond / torchRate.EcgPerSecond, 4), maxAbsDifference = r.MaxDifference,
                }
                : null,
        });
        return CliApp.Ok;
    }

    /// <summary>The small-cpu architecture (<see cref="FgClepPretrainPresets.SmallCpu"/>) with random weights and a word vocabulary of the reports.</summary>
    private static ClepEncoder RandomSmallCpu(IReadOnlyList<string> reports, int seed)
    {
        var preset = FgClepPretrainPresets.SmallCpu(epochs: 1, seed);
        var tokenizer = ReportTokenizer.FromTexts(reports, preset.LowerCase, preset.MaxTokens);
        var options = preset.Model with
        {
            Text = preset.Model.Text with { VocabSize = tokenizer.VocabularySize },
            Ecg = preset.Model.Ecg with { InputChannels = preset.Preprocessing.Leads.Count },
        };
        torch.random.manual_seed(seed);
        return new ClepEncoder(new ClepModel(options), tokenizer, preset.Preprocessing);
    }

    private static string Architecture(ClepEncoder model, string? path)
    {
        var o = model.Network.Options;
        var pre = model.Preprocessing;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(path is null ? "small-cpu architecture, random weights" : path)}: ResNet{o.Ecg.Depth}-1d width {o.Ecg.BaseWidth}, " +
            $"BERT {o.Text.NumHiddenLayers}×{o.Text.HiddenSize}, embedding {o.ProjectionSize}; input {pre.Leads.Count} leads × {pre.SampleCount} samples at {pre.SamplingRate} Hz");
    }

    private static (Rate Torch, (Rate Rate, double MaxDifference)? Onnx) MeasureInference(
        ClepEncoder model, List<float[]> signals, int repeats, bool withOnnx, int? threads, CliProgress progress, CancellationToken cancellationToken)
    {
        string? onnxPath = null;
        InferenceSession? session = null;
        try
        {
            var fromTorch = model.EmbedSignals(signals);
            double maxDifference = 0;
            if (withOnnx)
            {
                onnxPath = Path.Combine(Path.GetTempPath(), $"fgclep-benchmark-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
                OnnxExporter.ExportEcgEncoder(model, onnxPath);
                using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                if (threads is int n) options.IntraOpNumThreads = n;
                session = new InferenceSession(onnxPath, options);
                // The warm-up doubles as a check that both engines compute the same embeddings.
                var fromOnnx = EmbedOnnx(session, signals);
                for (int i = 0; i < fromTorch.Length; i++)
                    for (int k = 0; k < fromTorch[i].Length; k++) maxDifference = Math.Max(maxDifference, Math.Abs(fromTorch[i][k] - fromOnnx[i][k]));
            }
            var torchSeconds = new List<double>();
            var onnxSeconds = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Alternate which engine goes first, so a change of machine load hits both alike.
                if (session is not null && r % 2 == 1) onnxSeconds.Add(Time(() => EmbedOnnx(session, signals)));
                torchSeconds.Add(Time(() => model.EmbedSignals(signals)));
                if (session is not null && r % 2 == 0) onnxSeconds.Add(Time(() => EmbedOnnx(session, signals)));
                progress.Report(r + 1, repeats);
            }
            var torchRate = ToRate(torchSeconds, signals.Count);
            return (torchRate, session is null ? null : (ToRate(onnxSeconds, signals.Count), maxDifference));
        }
        finally
        {
            session?.Dispose();
            if (onnxPath is not null) File.Delete(onnxPath);
        }
    }

    /// <summary>
    /// Steps of the library's trainer on a fresh copy of the architecture (one batch per epoch, so every step sees the
    /// same pairs); a step's time runs from one progress report to the next, and the first step (setup) is not counted.
    /// </summary>
    private static Rate MeasureTraining(ClepEncoder model, List<float[]> signals, string[] reports, int repeats, int seed, CliProgress progress, CancellationToken cancellationToken)
    {
        using var fresh = model.WithRandomWeights(seed);
        var data = new ClepTrainingData(model.Preprocessing.Leads.Count, model.Preprocessing.SampleCount);
        for (int i = 0; i < signals.Count; i++) data.Add(signals[i], reports[i]);
        var options = FgClepPretrainPresets.SmallCpu(epochs: repeats + 1, seed).Training with { BatchSize = signals.Count, Device = "cpu" };
        var seconds = new List<double>();
        long last = 0;
        new ClepTrainer(fresh.Network, fresh.Tokenizer, options).Train(data, new SynchronousProgress<TrainingProgress>(p =>
        {
            long now = Stopwatch.GetTimestamp();
            if (last != 0) seconds.Add(Stopwatch.GetElapsedTime(last, now).TotalSeconds);
            progress.Report(p.Step, p.TotalSteps);
            last = Stopwatch.GetTimestamp();
        }), cancellationToken);
        return ToRate(seconds, signals.Count);
    }

    private static float[][] EmbedOnnx(InferenceSession session, List<float[]> signals)
    {
        int per = signals[0].Length;
        var buffer = new float[signals.Count * per];
        for (int i = 0; i < signals.Count; i++) signals[i].CopyTo(buffer, i * per);
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, [signals.Count, per]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExporter.SignalInput], [input], [OnnxExporter.EmbeddingOutput]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        int d = values.Length / signals.Count;
        var result = new float[signals.Count][];
        for (int i = 0; i < signals.Count; i++) result[i] = values.Slice(i * d, d).ToArray();
        return result;
    }

    private static double Time(Func<float[][]> run)
    {
        long start = Stopwatch.GetTimestamp();
        GC.KeepAlive(run());
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static Rate ToRate(List<double> seconds, int batch)
    {
        double median = Median(seconds);
        return new Rate(batch / median, median * 1000);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static object Json(Rate rate) => new { ecgPerSecond = Math.Round(rate.EcgPerSecond, 2), millisecondsPerBatch = Math.Round(rate.MillisecondsPerBatch, 2) };

    /// <summary>The 1-minute load average (Linux), or null where the system does not expose it.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string Load(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "unknown";
}
