using System.Diagnostics;
using System.Globalization;
using FgClep.Inference;
using FgClep.Modeling.Ecg;
using FgClep.Preprocessing;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// What bounds the <c>onnx</c> ratio: the same model and signals through several ONNX Runtime settings (2-D vs native 1-D
/// convolutions, optimisation level, threads and spinning, arena, pre-bound input/output) and two TorchSharp paths,
/// all alternating in one run (the order rotates every repetition). Prints each engine's median ECG/s, its ratio to
/// TorchSharp's forward pass as the <c>onnx</c> benchmark times it, its convolution GFLOP/s and that as a share of the CPU's measured
/// FMA ceiling; then, for the 2-D and 1-D graphs, the node types ONNX Runtime actually runs and its per-operator profile.
/// Options: <c>--reps</c> (default 11), <c>--batch</c> (64), <c>--batches</c> (3), <c>--only key,key</c>
/// (keys: <see cref="Keys"/>), <c>--no-inspect</c>.
/// </summary>
internal sealed class OnnxVariantsBenchmark : IBenchmark
{
    private static readonly string[] Keys = ["torch-raw", "torch", "torch-raw-nograd", "torch-folded", "ort-2d", "ort-1d", "ort-2d-extended", "ort-1d-extended", "ort-2d-bound", "ort-1d-bound", "ort-2d-nospin", "ort-2d-noarena"];

    public string Name => "onnx-variants";

    public string Description => "what bounds the onnx ratio: ONNX Runtime settings and TorchSharp paths side by side, GFLOP/s vs the FMA ceiling";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        int reps = BenchmarkStats.IntOption(args, "--reps", 11), batch = BenchmarkStats.IntOption(args, "--batch", 64), batches = BenchmarkStats.IntOption(args, "--batches", 3);
        var only = BenchmarkData.Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Keys;
        if (only.FirstOrDefault(k => !Keys.Contains(k)) is { } unknown)
            throw new ArgumentException($"Unknown variant '{unknown}'. Known: {string.Join(", ", Keys)}.");

        var preprocessing = new EcgPreprocessorOptions();
        using var model = OnnxEncoderBenchmark.Model(18, 64, preprocessing);
        model.BatchSize = batch;
        var signals = OnnxEncoderBenchmark.Signals(preprocessing, batch * batches);
        double flopsPerEcg = ConvFlopCounter.Layers(model.Network.EcgEncoder, preprocessing.SampleCount).Sum(l => l.ForwardFlops);

        var paths = Enum.GetValues<EcgConvLayout>().ToDictionary(l => l, l => Path.Combine(Path.GetTempPath(), $"fgclep-{l}-{Guid.NewGuid():N}.onnx"));
        var engines = new List<EmbeddingEngine>();
        try
        {
            foreach (var (layout, path) in paths) OnnxExporter.ExportEcgEncoder(model, path, layout);
            foreach (var key in only) engines.Add(Engine(key, model, paths, batch));

            var reference = model.EmbedSignals(signals);
            foreach (var e in engines)
            {
                double diff = MaxAbsDifference(reference, e.Embed(signals)); // warm-up and parity
                if (diff > 1e-4) throw new InvalidOperationException($"{e.Name} differs from TorchSharp by {diff:E2}.");
            }

            double peak = FmaPeak.Gflops(get_num_threads(), TimeSpan.FromSeconds(1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ResNet18-1d w64, 12x{preprocessing.SampleCount}, batch {batch} x {batches}, {reps} rotating repetitions; {flopsPerEcg / 1e6:0} MFLOP of convolution per ECG; " +
                $"torch threads {get_num_threads()}; FMA ceiling {peak:0} GFLOP/s on {get_num_threads()} threads; load average {BenchmarkData.LoadAverage():0.0}"));

            var rates = engines.ToDictionary(e => e.Name, _ => new List<double>());
            for (int r = 0; r < reps; r++)
            {
                for (int i = 0; i < engines.Count; i++)
                {
                    var e = engines[(i + r) % engines.Count];
                    var sw = Stopwatch.StartNew();
                    e.Embed(signals);
                    rates[e.Name].Add(signals.Count / sw.Elapsed.TotalSeconds);
                }
            }

            var baseline = engines.FirstOrDefault(e => e.Name == Label("torch-raw")) ?? engines[0];
            double torch = BenchmarkStats.Median(rates[baseline.Name]);
            Console.WriteLine($"  (x = ECG/s over {baseline.Name})");
            foreach (var e in engines)
            {
                double median = BenchmarkStats.Median(rates[e.Name]), gflops = median * flopsPerEcg / 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {e.Name,-48} {median,7:0.0} ECG/s (MAD {BenchmarkStats.MedianAbsoluteDeviation(rates[e.Name]),5:0.0})  x{median / torch:0.00}  {gflops,5:0} GFLOP/s = {gflops / peak * 100,3:0} % of FMA ceiling"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {BenchmarkData.LoadAverage():0.0}"));

            if (!BenchmarkData.Flag(args, "--no-inspect"))
            {
                Inspect(paths, signals.Take(batch).ToList());
                Console.WriteLine("TorchSharp convolution GFLOP/s by output channels x positions (each layer alone, bias-free as in the model): " +
                                  TorchConvolutionRates(model.Network.EcgEncoder, preprocessing.SampleCount, batch));
            }
            return [];
        }
        finally
        {
            engines.ForEach(e => e.Dispose());
            foreach (var path in paths.Values) File.Delete(path);
        }
    }

    private static string Label(string key) => key switch
    {
        "torch" => "TorchSharp EmbedSignals (eval, no_grad)",
        "torch-raw" => "TorchSharp forward, inference_mode (the onnx benchmark)",
        "torch-raw-nograd" => "TorchSharp forward, no_grad",
        "torch-folded" => "TorchSharp, the exported graph (BN folded), inf. mode",
        "ort-2d" => "ORT 2-D conv, ALL, defaults (the onnx benchmark)",
        "ort-1d" => "ORT 1-D conv, ALL, defaults",
        "ort-2d-extended" => "ORT 2-D conv, EXTENDED (no NCHWc)",
        "ort-1d-extended" => "ORT 1-D conv, EXTENDED",
        "ort-2d-bound" => "ORT 2-D conv, IOBinding, pre-allocated in/out",
        "ort-1d-bound" => "ORT 1-D conv, IOBinding, pre-allocated in/out",
        "ort-2d-nospin" => "ORT 2-D conv, 2 threads, no spinning",
        "ort-2d-noarena" => "ORT 2-D conv, no arena, no memory pattern",
        _ => key,
    };

    private static EmbeddingEngine Engine(string key, ClepEncoder model, Dictionary<EcgConvLayout, string> paths, int batch)
    {
        if (key == "torch") return new EmbeddingEngine(Label(key), model.EmbedSignals);
        if (key == "torch-raw") return new EmbeddingEngine(Label(key), s => OnnxEncoderBenchmark.EmbedTorch(model.Network.EncodeEcg, model, s, batch, inference: true));
        if (key == "torch-raw-nograd") return new EmbeddingEngine(Label(key), s => OnnxEncoderBenchmark.EmbedTorch(model.Network.EncodeEcg, model, s, batch, inference: false));
        if (key == "torch-folded")
        {
            var folded = new FoldedTorchEncoder(model.Network);
            return new EmbeddingEngine(Label(key), s => OnnxEncoderBenchmark.EmbedTorch(folded.Forward, model, s, batch, inference: true), folded);
        }

        var so = Options(key);
        var session = new InferenceSession(paths[Layout(key)], so);
        if (key.EndsWith("-bound", StringComparison.Ordinal))
        {
            var bound = new BoundOrtRunner(session, batch, model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount, model.EmbeddingSize);
            return new EmbeddingEngine(Label(key), bound.Embed, bound, session, so);
        }
        return new EmbeddingEngine(Label(key), s => OnnxEncoderBenchmark.EmbedOnnx(session, s, batch), session, so);
    }

    internal static SessionOptions Options(string key)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = key.EndsWith("-extended", StringComparison.Ordinal) ? GraphOptimizationLevel.ORT_ENABLE_EXTENDED : GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (key == "ort-2d-nospin")
        {
            so.IntraOpNumThreads = 2;
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }
        if (key == "ort-2d-noarena")
        {
            so.EnableCpuMemArena = false;
            so.EnableMemoryPattern = false;
        }
        return so;
    }

    private static EcgConvLayout Layout(string key) =>
        key.StartsWith("ort-1d", StringComparison.Ordinal) ? EcgConvLayout.OneDimensional
        : EcgConvLayout.TwoDimensional;

    private static void Inspect(Dictionary<EcgConvLayout, string> paths, IReadOnlyList<float[]> oneBatch)
    {
        foreach (var (label, key) in new[] { ("2-D", "ort-2d"), ("1-D", "ort-1d"), ("2-D EXTENDED", "ort-2d-extended") })
        {
            var path = paths[Layout(key)];
            Console.WriteLine($"{label} graph as run: {OrtInspection.OptimizedNodeTypes(path, () => Options(key))}");
            var (ops, ms, convolutions) = OrtInspection.Profile(path, () => Options(key), s => OnnxEncoderBenchmark.EmbedOnnx(s, oneBatch, oneBatch.Count), runs: 5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} profile ({ms:0.0} ms of node time per batch of {oneBatch.Count}): {OrtInspection.Format(ops)}"));
            Console.WriteLine($"{label} convolution GFLOP/s by output channels x positions: {OrtInspection.FormatConvolutions(convolutions)}");
        }
    }

    /// <summary>Each convolution of the encoder timed alone on random input (median of 5, inference mode), grouped as the ORT profile is.</summary>
    private static string TorchConvolutionRates(ResNet1d encoder, int samples, int batch)
    {
        var groups = new Dictionary<string, (double Flops, double Seconds)>(StringComparer.Ordinal);
        using var mode = inference_mode();
        foreach (var layer in ConvFlopCounter.Layers(encoder, samples))
        {
            using var scope = NewDisposeScope();
            var input = randn(batch, layer.InChannels, layer.InLength);
            layer.Module.forward(input);
            var times = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                var sw = Stopwatch.StartNew();
                layer.Module.forward(input);
                times.Add(sw.Elapsed.TotalSeconds);
            }
            var key = $"{layer.OutChannels}x{layer.OutLength}";
            var (f, t) = groups.GetValueOrDefault(key);
            groups[key] = (f + layer.ForwardFlops * batch, t + BenchmarkStats.Median(times));
        }
        return string.Join(", ", groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value.Flops / g.Value.Seconds / 1e9:0}")));
    }

    private static double MaxAbsDifference(float[][] a, float[][] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
            for (int k = 0; k < a[i].Length; k++) max = Math.Max(max, Math.Abs(a[i][k] - b[i][k]));
        return max;
    }
}
