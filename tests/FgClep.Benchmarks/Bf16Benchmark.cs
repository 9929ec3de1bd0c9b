using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling.Ecg;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// Whether bfloat16 would pay on this CPU (it reports <c>avx512_bf16</c>): the quickstart ECG encoder (ResNet18-1d w32,
/// kernels 15/7) forward+backward at batch 32 in float32, and the same network and input cast to bfloat16, in alternating
/// repetitions. Mixed-precision training would run the convolutions in bfloat16 and keep float32 master weights, so its step
/// can be at most this much faster. Also checks how far the bfloat16 output strays from float32.
/// Options: <c>--reps n</c> (default 7; 4 with <c>--quick</c>), <c>--batch n</c> (default 32).
/// </summary>
internal sealed class Bf16Benchmark : IBenchmark
{
    private const double Goal = 1.3;

    public string Name => "bf16";

    public string Description => "Quickstart ECG encoder forward+backward in bfloat16 vs float32 on the CPU (goal for bf16 training: >= 1.3)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 4 : 7);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        var options = new ResNet1dOptions { Depth = 18, BaseWidth = 32, FirstKernelSize = 15, KernelSize = 7 };
        random.manual_seed(1);
        using var fp32 = new ResNet1d(options);
        using var bf16 = new ResNet1d(options);
        bf16.load_state_dict(fp32.state_dict());
        bf16.to(ScalarType.BFloat16);
        using var input = randn(batch, 12, 1000);
        using var input16 = input.to(ScalarType.BFloat16);

        double difference;
        using (no_grad())
        {
            fp32.eval(); bf16.eval();
            using var a = fp32.forward(input);
            using var b = bf16.forward(input16).to(ScalarType.Float32);
            difference = ((a - b).abs().max() / a.abs().max()).item<float>();
        }

        double Time(ResNet1d net, Tensor x)
        {
            long start = Stopwatch.GetTimestamp();
            ThroughputBenchmark.ForwardBackward(net, x);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Time(fp32, input); Time(bf16, input16);
        var t32 = new List<double>();
        var t16 = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            if (r % 2 == 0) { t32.Add(Time(fp32, input)); t16.Add(Time(bf16, input16)); }
            else { t16.Add(Time(bf16, input16)); t32.Add(Time(fp32, input)); }
        }
        double m32 = BenchmarkStats.Median(t32), m16 = BenchmarkStats.Median(t16), ratio = m32 / m16;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forward+backward, batch {batch}: float32 {m32 * 1000:0.0} ms, bfloat16 {m16 * 1000:0.0} ms: {ratio:0.00}× " +
            $"{(ratio >= Goal ? "(goal met)" : $"(below goal {Goal})")}; bfloat16 output off by {difference:0.0e0} of its largest value; Torch threads {get_num_threads()}"));
        return
        [
            new BenchmarkResult(Name, $"float32 / bfloat16 forward+backward time, quickstart ECG encoder, batch {batch}")
            {
                Value = ratio, AtLeast = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture, $"{m32 * 1000:0.0} vs {m16 * 1000:0.0} ms; relative output difference {difference:0.0e0}"),
                Figures = new() { ["float32Ms"] = m32 * 1000, ["bfloat16Ms"] = m16 * 1000, ["relativeOutputDifference"] = difference },
            },
        ];
    }
}
