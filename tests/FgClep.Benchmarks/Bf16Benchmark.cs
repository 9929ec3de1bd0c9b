using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;
using FgClep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// What bfloat16 gives on this CPU (it reports <c>avx512_bf16</c>): the quickstart ECG encoder (ResNet18-1d w32, kernels 15/7)
/// forward+backward at batch 32 in float32, in mixed precision (<see cref="ResNet1d.ConvolutionType"/> bfloat16: the
/// convolutions in bfloat16, weights and batch norm float32, as training with <c>EcgPrecision = BFloat16</c> runs), and with
/// the whole network and input cast to bfloat16 (the bound), in alternating repetitions; and how far the outputs stray from float32.
/// Options: <c>--reps n</c> (default 7; 4 with <c>--quick</c>), <c>--batch n</c> (default 32).
/// </summary>
internal sealed class Bf16Benchmark : IBenchmark
{
    private const double Goal = 1.3;

    public string Name => "bf16";

    public string Description => "Quickstart ECG encoder forward+backward in mixed bfloat16 vs float32 on the CPU (goal: >= 1.3)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 4 : 7);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        var options = new ResNet1dOptions { Depth = 18, BaseWidth = 32, FirstKernelSize = 15, KernelSize = 7 };
        random.manual_seed(1);
        using var fp32 = new ResNet1d(options);
        using var mixed = new ResNet1d(options) { ConvolutionType = ScalarType.BFloat16 };
        mixed.load_state_dict(fp32.state_dict());
        using var bf16 = new ResNet1d(options);
        bf16.load_state_dict(fp32.state_dict());
        bf16.to(ScalarType.BFloat16);
        using var input = randn(batch, 12, 1000);
        using var input16 = input.to(ScalarType.BFloat16);

        double difference, mixedDifference;
        using (no_grad())
        {
            fp32.eval(); bf16.eval(); mixed.eval();
            using var a = fp32.forward(input);
            using var b = bf16.forward(input16).to(ScalarType.Float32);
            using var m = mixed.forward(input);
            difference = ((a - b).abs().max() / a.abs().max()).item<float>();
            mixedDifference = ((a - m).abs().max() / a.abs().max()).item<float>();
        }

        double Time(ResNet1d net, Tensor x)
        {
            long start = Stopwatch.GetTimestamp();
            ThroughputBenchmark.ForwardBackward(net, x);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Time(fp32, input); Time(mixed, input); Time(bf16, input16);
        var t32 = new List<double>();
        var tMixed = new List<double>();
        var t16 = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            if (r % 2 == 0) { t32.Add(Time(fp32, input)); tMixed.Add(Time(mixed, input)); t16.Add(Time(bf16, input16)); }
            else { t16.Add(Time(bf16, input16)); tMixed.Add(Time(mixed, input)); t32.Add(Time(fp32, input)); }
        }
        double m32 = BenchmarkStats.Median(t32), mm = BenchmarkStats.Median(tMixed), m16 = BenchmarkStats.Median(t16), ratio = m32 / mm;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forward+backward, batch {batch}: float32 {m32 * 1000:0.0} ms, mixed (bfloat16 convolutions, float32 weights) {mm * 1000:0.0} ms: {ratio:0.00}× " +
            $"{(ratio >= Goal ? "(goal met)" : $"(below goal {Goal})")}; all bfloat16 {m16 * 1000:0.0} ms ({m32 / m16:0.00}×); " +
            $"outputs off by {mixedDifference:0.0e0} (mixed) and {difference:0.0e0} (all bfloat16) of the largest value; Torch threads {get_num_threads()}"));
        var (stepRatio, step32, stepMixed) = TrainerSteps(reps, batch);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ClepTrainer step (ECG encoder + 4-layer BERT, AdamW), batch {batch}: float32 {step32 * 1000:0.0} ms, EcgPrecision BFloat16 {stepMixed * 1000:0.0} ms: {stepRatio:0.00}×"));
        return
        [
            new BenchmarkResult(Name, $"float32 / EcgPrecision.BFloat16 ClepTrainer step time, quickstart CLEP (random 4-layer BERT), batch {batch}")
            {
                Value = stepRatio, AtLeast = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture, $"{step32 * 1000:0.0} vs {stepMixed * 1000:0.0} ms per step"),
                Figures = new() { ["float32StepMs"] = step32 * 1000, ["mixedStepMs"] = stepMixed * 1000 },
            },
            new BenchmarkResult(Name, $"float32 / mixed-bfloat16 forward+backward time, quickstart ECG encoder, batch {batch}")
            {
                Value = ratio, AtLeast = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"{m32 * 1000:0.0} vs {mm * 1000:0.0} ms (all bfloat16 {m16 * 1000:0.0} ms, {m32 / m16:0.00}); output difference {mixedDifference:0.0e0}"),
                Figures = new()
                {
                    ["float32Ms"] = m32 * 1000, ["mixedMs"] = mm * 1000, ["bfloat16Ms"] = m16 * 1000, ["allBfloat16Ratio"] = m32 / m16,
                    ["mixedRelativeOutputDifference"] = mixedDifference, ["bfloat16RelativeOutputDifference"] = difference,
                },
            },
                ];
    }

    /// <summary>Median step time of the whole trainer (text side, loss, AdamW included) in float32 and with bfloat16 convolutions, alternating.</summary>
    private static (double Ratio, double Float32, double Mixed) TrainerSteps(int reps, int batch)
    {
        const int steps = 4;
        var (signals, reports) = SyntheticPairs.Create(batch * (steps + 1), seed: 7);
        var data = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        for (int i = 0; i < signals.Length; i++) data.Add(signals[i], reports[i]);
        var tokenizer = ReportTokenizer.FromTexts(reports, lowerCase: true, maxLength: 128);
        var modelOptions = QuickstartModel.Options(tokenizer.VocabularySize);
        var training = new ClepTrainerOptions { Epochs = 1, BatchSize = batch, LearningRate = 1e-4, StopAfterSteps = steps + 1, Seed = 1 };
        List<double> Round(TrainingPrecision precision)
        {
            random.manual_seed(1);
            using var model = new ClepModel(modelOptions);
            var times = new List<long>();
            new ClepTrainer(model, tokenizer, training with { EcgPrecision = precision }).Train(data, new StepClock(times));
            return times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds).ToList(); // the first step is warm-up
        }
        Round(TrainingPrecision.Float32); Round(TrainingPrecision.BFloat16);
        var float32 = new List<double>();
        var mixed = new List<double>();
        for (int r = 0; r < Math.Max(2, reps / 2); r++)
        {
            if (r % 2 == 0) { float32.AddRange(Round(TrainingPrecision.Float32)); mixed.AddRange(Round(TrainingPrecision.BFloat16)); }
            else { mixed.AddRange(Round(TrainingPrecision.BFloat16)); float32.AddRange(Round(TrainingPrecision.Float32)); }
        }
        double f = BenchmarkStats.Median(float32), m = BenchmarkStats.Median(mixed);
        return (f / m, f, m);
    }

    private sealed class StepClock(List<long> times) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => times.Add(Stopwatch.GetTimestamp());
    }
}
