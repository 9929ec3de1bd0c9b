using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling.Ecg;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// ECG encoder throughput on the CPU: ECGs/s for inference (eval, no_grad) and for forward+backward (train mode),
/// ResNet18-1d (widths 32 and 64) and ResNet50-1d (width 64), 12 × 1000 inputs. Reports medians.
/// Options: <c>--reps &lt;n&gt;</c> timed batches per measurement (default 5), <c>--batch &lt;n&gt;</c> (default 32),
/// <c>--threads &lt;n&gt;</c>, <c>--models 18w32,18w64,50w64</c>.
/// </summary>
internal sealed class ThroughputBenchmark : IBenchmark
{
    public string Name => "throughput";

    public string Description => "ResNet18/50-1d ECGs/s on the CPU, inference and forward+backward, batch 32";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        int reps = BenchmarkStats.IntOption(args, "--reps", 5);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        if (BenchmarkData.Option(args, "--threads") is not null) torch.set_num_threads(BenchmarkStats.IntOption(args, "--threads", 1));
        var models = (BenchmarkData.Option(args, "--models") ?? "18w32,18w64,50w64").Split(',', StringSplitOptions.RemoveEmptyEntries);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Batch {batch} × {SyntheticPairs.Leads} × {SyntheticPairs.Samples}, {reps} timed batches after one warm-up; " +
            $"{Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}"));
        torch.random.manual_seed(3);
        using var input = torch.randn(batch, SyntheticPairs.Leads, SyntheticPairs.Samples);
        var results = new List<BenchmarkResult>();
        foreach (var name in models)
        {
            var options = Parse(name);
            torch.random.manual_seed(1);
            using var net = new ResNet1d(options);
            long parameters = net.parameters().Sum(p => p.numel());
            double inference = Measure(reps, () => Inference(net, input));
            double training = Measure(reps, () => ForwardBackward(net, input));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ResNet{options.Depth}-1d width {options.BaseWidth} ({parameters / 1e6:0.00} M params): " +
                $"inference {batch / inference,7:0.0} ECGs/s ({inference * 1000:0} ms/batch) | " +
                $"forward+backward {batch / training,7:0.0} ECGs/s ({training * 1000:0} ms/batch)"));
            results.Add(new BenchmarkResult(Name, $"ResNet{options.Depth}-1d w{options.BaseWidth} ECGs/s, forward+backward (batch {batch})")
            {
                Value = batch / training,
                Summary = string.Create(CultureInfo.InvariantCulture, $"inference {batch / inference:0.0} ECGs/s"),
                Figures = new() { ["inferenceEcgPerSecond"] = batch / inference, ["trainingEcgPerSecond"] = batch / training },
            });
        }
        return results;
    }

    internal static ResNet1dOptions Parse(string name)
    {
        var parts = name.Split('w');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int depth) || !int.TryParse(parts[1], out int width))
            throw new ArgumentException($"Model '{name}' is not DEPTHwWIDTH, e.g. 18w32 or 50w64.");
        return new ResNet1dOptions { Depth = depth, InputChannels = SyntheticPairs.Leads, BaseWidth = width, FirstKernelSize = 15, KernelSize = 7 };
    }

    private static double Measure(int reps, Action run)
    {
        run();
        var seconds = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return BenchmarkStats.Median(seconds);
    }

    internal static void Inference(ResNet1d net, Tensor input)
    {
        net.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        net.forward(input).sum().ToSingle();
    }

    internal static void ForwardBackward(ResNet1d net, Tensor input)
    {
        net.train();
        net.zero_grad();
        using var scope = torch.NewDisposeScope();
        var output = net.forward(input);
        output.square().mean().backward();
    }
}
