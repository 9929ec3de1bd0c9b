using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling.Ecg;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// Achieved GFLOP/s of a ResNet1d forward+backward pass (train mode, batch 32, 12 × 1000) against libtorch's large float32
/// matmul (n × n × n, the practical peak of this CPU), alternating in one run; reports medians and their ratio. The
/// matmul runs twice: as <c>torch.mm</c> (BLAS) and as a 1×1 convolution (oneDNN, the library behind the model's
/// convolutions); the faster is the peak, since on some CPUs the BLAS kernels leave part of the vector units idle.
/// FLOP convention: each convolution costs 2 · Cin/groups · Cout · K · Lout per sample in the forward pass (counted
/// from the shapes of one forward pass; batch norm, ReLU, additions and pooling are not counted), and forward+backward
/// is 3 × forward (input gradient and weight gradient each cost one forward; the stem's input gradient is in fact not
/// computed, so the count is high by the stem's share, printed). A matmul of two n × n matrices is 2n³.
/// With profiling on, it also prints what bounds the ratio: each convolution timed alone (forward+backward, on the input
/// shape it sees in the model) grouped by stage, the time share left to the uncounted operations, the backward/forward
/// time ratio, and a few configurations (batch, width, kernel size, one thread).
/// Options: <c>--reps &lt;n&gt;</c> (default 15; 9 with <c>--quick</c>), <c>--batch &lt;n&gt;</c> (default 32), <c>--model 18w32</c>
/// (DEPTHwWIDTH, kernels 15/7; default the quickstart encoder), <c>--matmul &lt;n&gt;</c> (default 2048, a multiple of 16), <c>--threads &lt;n&gt;</c>,
/// <c>--no-profile</c>.
/// </summary>
internal sealed class GflopsBenchmark : IBenchmark
{
    private const double Goal = 0.5;
    private const int Leads = SyntheticPairs.Leads, Samples = SyntheticPairs.Samples;

    public string Name => "gflops";

    public string Description => "ResNet1d forward+backward GFLOP/s vs libtorch float32 matmul GFLOP/s, same run (goal: ratio >= 0.5)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 9 : 15);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        int n = BenchmarkStats.IntOption(args, "--matmul", 2048);
        if (n % 16 != 0) throw new ArgumentException("--matmul expects a multiple of 16.");
        if (BenchmarkData.Option(args, "--threads") is not null) torch.set_num_threads(BenchmarkStats.IntOption(args, "--threads", 1));
        var modelName = BenchmarkData.Option(args, "--model") ?? "18w32";
        var options = ThroughputBenchmark.Parse(modelName);

        random.manual_seed(1);
        using var net = new ResNet1d(options);
        var layers = ConvFlopCounter.Layers(net, Samples);
        double forwardFlops = layers.Sum(l => l.ForwardFlops);
        double stemShare = layers.Where(l => l.Stage == "conv1").Sum(l => l.ForwardFlops) / forwardFlops;
        using var input = randn(batch, Leads, Samples);
        using var a = randn(n, n);
        using var b = randn(n, n);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ResNet{options.Depth}-1d w{options.BaseWidth} k{options.FirstKernelSize}/{options.KernelSize}: {layers.Count} convolutions, " +
            $"{forwardFlops / 1e6:0.0} MFLOP/sample forward, ×3 for forward+backward (stem {stemShare * 100:0.0} % of it); batch {batch}; " +
            $"matmul {n}×{n}; {reps} alternating repetitions; {Environment.ProcessorCount} logical CPUs, Torch threads {get_num_threads()}"));

        // The same n×n×n GEMM as a 1×1 convolution over 16 × n/16 positions: libtorch hands it to oneDNN (its
        // convolution library), whose kernels can be faster than torch.mm's BLAS on some CPUs (e.g. AVX-512 on AMD).
        using var gemmInput = randn(16, n, n / 16);
        using var gemmWeight = randn(n, n, 1);
        var medians = Alternate(reps,
            () => Time(() => ThroughputBenchmark.ForwardBackward(net, input)),
            () => Time(() => Matmul(a, b)),
            () => Time(() => { using var y = nn.functional.conv1d(gemmInput, gemmWeight); }));
        double modelSeconds = medians[0], gemmFlops = 2.0 * n * n * n;
        double model = 3 * forwardFlops * batch / modelSeconds / 1e9, matmul = gemmFlops / medians[1] / 1e9, oneDnn = gemmFlops / medians[2] / 1e9;
        double peak = Math.Max(matmul, oneDnn), ratio = model / peak;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forward+backward {model:0.0} GFLOP/s ({modelSeconds * 1000:0} ms/batch) | matmul: torch.mm {matmul:0.0}, as 1×1 conv (oneDNN) {oneDnn:0.0} GFLOP/s | " +
            $"ratio to the faster {ratio:0.00} {(ratio >= Goal ? "(goal met)" : $"(below goal {Goal})")}; to torch.mm {model / matmul:0.00}"));

        var figures = new Dictionary<string, double>
        {
            ["modelGflops"] = model, ["matmulGflops"] = matmul, ["oneDnnGemmGflops"] = oneDnn, ["ratioToTorchMm"] = model / matmul,
            ["forwardMflopPerSample"] = forwardFlops / 1e6, ["msPerBatch"] = modelSeconds * 1000, ["batch"] = batch, ["repetitions"] = reps, ["torchThreads"] = get_num_threads(),
        };
        string? note = null;
        if (!BenchmarkData.Flag(args, "--no-profile"))
            note = Profile(net, input, layers, batch, peak, ratio, quick, figures);
        return
        [
            new BenchmarkResult(Name, $"ResNet{options.Depth}-1d w{options.BaseWidth} fwd+bwd GFLOP/s / large matmul GFLOP/s (batch {batch})")
            {
                Value = ratio, AtLeast = Goal, Note = note, Figures = figures,
                Summary = string.Create(CultureInfo.InvariantCulture, $"model {model:0} vs matmul {peak:0} GFLOP/s (torch.mm {matmul:0}, oneDNN {oneDnn:0})") +
                          (note is null ? "" : "; " + note),
            },
        ];
    }

    /// <summary>Prints what bounds the ratio; returns a one-line summary and adds its figures.</summary>
    private static string Profile(ResNet1d net, Tensor input, List<ConvLayer> layers, int batch, double peak, double ratio, bool quick,
        Dictionary<string, double> figures)
    {
        double forwardFlops = layers.Sum(l => l.ForwardFlops), stepSeconds, forward;
        double[] convSeconds;
        int runs = quick ? 5 : 9;

        // The model's step and forward pass (train mode), and each convolution alone (forward+backward on an input of
        // the shape it sees in the model), all in the same alternating rounds so that load changes hit them alike:
        // the step time the convolutions leave is that of everything the FLOP count leaves out.
        net.train();
        var inputs = layers.Select(l => randn(batch, l.InChannels, l.InLength)).ToList();
        try
        {
            var runners = new List<Func<double>>
            {
                () => Time(() => ThroughputBenchmark.ForwardBackward(net, input)),
                () => Time(() => Forward(net, input)),
            };
            runners.AddRange(layers.Select((l, i) => (Func<double>)(() => Time(() =>
            {
                using var scope = NewDisposeScope();
                l.Module.zero_grad();
                // As in the model, the stem's input needs no gradient.
                l.Module.forward(l.Stage == "conv1" ? inputs[i] : inputs[i].detach().requires_grad_()).sum().backward();
            }))));
            var medians = Alternate(runs, runners.ToArray());
            stepSeconds = medians[0];
            forward = medians[1];
            convSeconds = medians.Skip(2).ToArray();
        }
        finally
        {
            foreach (var x in inputs) x.Dispose();
        }
        var timed = layers.Select((l, i) => (Layer: l, Step: convSeconds[i])).ToList();
        double convStep = convSeconds.Sum(), backward = stepSeconds - forward;
        double backwardRatio = backward / forward, uncounted = 1 - convStep / stepSeconds;
        bool consistent = backward > 0 && uncounted >= 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile: step {stepSeconds * 1000:0} ms = forward {forward * 1000:0} ms + backward {backward * 1000:0} ms (time ratio {backwardRatio:0.00}, FLOP ratio 2); " +
            $"the convolutions alone take {convStep / stepSeconds * 100:0} % of it, so batch norm, ReLU, additions, pooling and autograd " +
            $"bookkeeping (uncounted) take {uncounted * 100:0} %{(consistent ? "" : " (inconsistent: the machine is too busy for this profile)")}"));
        Console.WriteLine("  convolutions alone, forward+backward, by stage:");
        foreach (var stage in timed.GroupBy(t => t.Layer.Stage))
        {
            double flops = 3 * stage.Sum(t => t.Layer.ForwardFlops) * batch, seconds = stage.Sum(t => t.Step);
            var shapes = string.Join(", ", stage.Select(t => $"{t.Layer.InChannels}→{t.Layer.OutChannels} k{t.Layer.Kernel} L{t.Layer.OutLength}").Distinct().Take(3));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {stage.Key,-9} {flops / 3 / batch / forwardFlops * 100,5:0.0} % of FLOPs, {seconds / stepSeconds * 100,5:0.0} % of step time, " +
                $"{flops / seconds / 1e9,6:0.0} GFLOP/s ({flops / seconds / 1e9 / peak * 100,3:0} % of matmul)  [{shapes}]"));
            figures[$"convGflops.{stage.Key}"] = flops / seconds / 1e9;
        }
        double convGflops = 3 * forwardFlops * batch / convStep / 1e9;
        figures["convGflops"] = convGflops;
        figures["uncountedStepShare"] = uncounted;
        figures["backwardOverForwardTime"] = backwardRatio;

        // A few configurations, each against the same-run matmul peak (re-measured for one thread).
        Console.WriteLine("  configurations (forward+backward GFLOP/s / matmul GFLOP/s):");
        var configurations = new List<(string Label, ResNet1dOptions Options, int Batch, int Threads)>
        {
            ("batch 8", net.Options, 8, 0), ("batch 64", net.Options, 64, 0),
            ("width 64", net.Options with { BaseWidth = net.Options.BaseWidth * 2 }, batch, 0),
            ("kernels 7/3", net.Options with { FirstKernelSize = 7, KernelSize = 3 }, batch, 0),
            ("1 thread", net.Options, batch, 1),
        };
        double? oneThreadRatio = null;
        foreach (var (label, options, size, threads) in configurations)
        {
            int saved = get_num_threads();
            if (threads > 0) set_num_threads(threads);
            try
            {
                random.manual_seed(1);
                using var variant = new ResNet1d(options);
                using var x = randn(size, Leads, Samples);
                double flops = 3 * ConvFlopCounter.Layers(variant, Samples).Sum(l => l.ForwardFlops) * size;
                double configPeak = peak;
                if (threads > 0) configPeak = PeakGflops(1024, runs);
                double gflops = flops / Median(runs, () => Time(() => ThroughputBenchmark.ForwardBackward(variant, x))) / 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label,-12} {gflops,6:0.0} / {configPeak,6:0.0} = {gflops / configPeak:0.00}"));
                figures[$"ratio.{label.Replace(' ', '-').Replace('/', '-')}"] = gflops / configPeak;
                if (threads == 1) oneThreadRatio = gflops / configPeak;
            }
            finally
            {
                set_num_threads(saved);
            }
        }

        var slowest = timed.GroupBy(t => t.Layer.Stage).Select(g => (g.Key, Gflops: figures[$"convGflops.{g.Key}"])).MinBy(s => s.Gflops);
        // One thread well ahead of all threads means other processes hold cores and the threads wait for each other.
        var threadNote = oneThreadRatio is double one
            ? string.Create(CultureInfo.InvariantCulture, $", 1-thread ratio {one:0.00}{(one > 1.5 * ratio ? " (threads stalled by other load)" : "")}")
            : "";
        return consistent
            ? string.Create(CultureInfo.InvariantCulture,
                $"convs alone {convGflops / peak * 100:0} % of matmul (slowest {slowest.Key} {slowest.Gflops / peak * 100:0} %); " +
                $"uncounted ops {uncounted * 100:0} % of step time{threadNote}")
            : "profile inconsistent (machine too busy)" + threadNote;
    }

    /// <summary>The faster of torch.mm and the 1×1-convolution GEMM on n × n matrices (median GFLOP/s).</summary>
    private static double PeakGflops(int n, int runs)
    {
        using var a = randn(n, n);
        using var x = randn(16, n, n / 16);
        using var w = randn(n, n, 1);
        var medians = Alternate(runs, () => Time(() => Matmul(a, a)), () => Time(() => { using var y = nn.functional.conv1d(x, w); }));
        return 2.0 * n * n * n / medians.Min() / 1e9;
    }

    private static void Forward(ResNet1d net, Tensor input)
    {
        using var scope = NewDisposeScope();
        net.forward(input);
    }

    private static void Matmul(Tensor a, Tensor b)
    {
        using var c = a.mm(b);
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>One warm-up each, then <paramref name="reps"/> rounds running each once, the order rotated every round; medians.</summary>
    private static double[] Alternate(int reps, params Func<double>[] runs)
    {
        foreach (var run in runs) run();
        var samples = runs.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < reps; r++)
            for (int k = 0; k < runs.Length; k++)
            {
                int i = (r + k) % runs.Length;
                samples[i].Add(runs[i]());
            }
        return samples.Select(BenchmarkStats.Median).ToArray();
    }

    private static double Median(int runs, Func<double> run)
    {
        run();
        return BenchmarkStats.Median(Enumerable.Range(0, runs).Select(_ => run()).ToList());
    }
}
