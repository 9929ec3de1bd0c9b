using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets.Synthetic;
using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// ECG-embedding throughput of the same model through ONNX Runtime (exported graph, batch norms folded) and TorchSharp
/// (the model's forward pass), on the CPU, alternating in one run; reports medians and their ratio, and what
/// bounds it: each engine's convolution GFLOP/s as a share of the CPU's measured FMA ceiling (<see cref="FmaPeak"/>).
/// Both engines do the same work per batch (copy the signals into one reused buffer, wrap it without a copy, run, split the
/// output into rows); the library's <see cref="ClepEncoder.EmbedSignals"/> is timed alongside.
/// <c>onnx-variants</c> breaks the figure down (ORT settings, graph layouts, per-operator profile).
/// Options: <c>--reps &lt;n&gt;</c> (default 15; 9 with <c>--quick</c>), <c>--batch &lt;n&gt;</c> (default 64),
/// <c>--batches &lt;n&gt;</c> per repetition (default 4; 2 with <c>--quick</c>), <c>--depth</c> (default 18), <c>--width</c> (default 64), <c>--threads &lt;n&gt;</c> for both engines (default: each engine's own),
/// <c>--save-onnx &lt;path&gt;</c> to keep the exported model.
/// </summary>
internal sealed class OnnxEncoderBenchmark : IBenchmark
{
    private const double Goal = 1.5;

    public string Name => "onnx";

    public string Description => "ECG embeddings/s, ONNX Runtime vs TorchSharp, same ResNet1d model, CPU (goal: ratio >= 1.5)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int reps = IntOption(args, "--reps", quick ? 9 : 15), batch = IntOption(args, "--batch", 64), batches = IntOption(args, "--batches", quick ? 2 : 4);
        int depth = IntOption(args, "--depth", 18), width = IntOption(args, "--width", 64), threads = IntOption(args, "--threads", 0);
        if (threads > 0) set_num_threads(threads);

        var preprocessing = new EcgPreprocessorOptions();
        using var model = Model(depth, width, preprocessing);
        var signals = Signals(preprocessing, batch * batches);
        model.BatchSize = batch;

        var keep = BenchmarkData.Option(args, "--save-onnx");
        var onnxPath = keep ?? Path.Combine(Path.GetTempPath(), $"fgclep-bench-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.ExportEcgEncoder(model, onnxPath);
            using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (threads > 0) sessionOptions.IntraOpNumThreads = threads;
            using var session = new InferenceSession(onnxPath, sessionOptions);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ResNet{depth}-1d width {width}, {preprocessing.Leads.Count}x{preprocessing.SampleCount} input, embedding {model.EmbeddingSize}; " +
                $"batch {batch} x {batches} per repetition, {reps} alternating repetitions; {Environment.ProcessorCount} logical CPUs; " +
                $"torch threads {get_num_threads()}, ORT intra-op threads {(threads > 0 ? threads.ToString(CultureInfo.InvariantCulture) : "default")}; .NET {Environment.Version}"));

            // Warm-up doubles as a parity check, so the timed engines compute the same thing.
            var fromTorch = model.EmbedSignals(signals);
            var fromOnnx = EmbedOnnx(session, signals, batch);
            var fromRawTorch = EmbedTorch(model.Network.EncodeEcg, model, signals, batch, inference: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"max |ONNX - TorchSharp| = {MaxAbsDifference(fromTorch, fromOnnx):E2}, |raw - EmbedSignals| = {MaxAbsDifference(fromTorch, fromRawTorch):E2}"));

            // The headline compares the engines doing the same work per batch (copy in, run, split out); the library's
            // EmbedSignals (same forward, its own buffers) is timed alongside. The order rotates every repetition, so no
            // engine always starts while another's idle threads still spin.
            var engines = new (string Name, Func<float[][]> Embed, List<double> Rates)[]
            {
                ("torch", () => EmbedTorch(model.Network.EncodeEcg, model, signals, batch, inference: true), []),
                ("onnx", () => EmbedOnnx(session, signals, batch), []),
                ("embedSignals", () => model.EmbedSignals(signals), []),
            };
            double sink = 0;
            double ceiling = FmaPeak.Gflops(get_num_threads(), TimeSpan.FromSeconds(0.5));
            for (int r = 0; r < reps; r++)
            {
                for (int turn = 0; turn < engines.Length; turn++)
                {
                    var engine = engines[(r + turn) % engines.Length];
                    var sw = Stopwatch.StartNew();
                    sink += engine.Embed()[^1][0];
                    engine.Rates.Add(signals.Count / sw.Elapsed.TotalSeconds);
                }
            }
            ceiling = Math.Max(ceiling, FmaPeak.Gflops(get_num_threads(), TimeSpan.FromSeconds(0.5)));
            double torchMedian = BenchmarkStats.Median(engines[0].Rates), onnxMedian = BenchmarkStats.Median(engines[1].Rates), ratio = onnxMedian / torchMedian;
            double apiMedian = BenchmarkStats.Median(engines[2].Rates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"TorchSharp {torchMedian:0.0} ECG/s | ONNX Runtime {onnxMedian:0.0} ECG/s | ratio {ratio:0.00} " +
                $"{(ratio >= Goal ? "(goal met)" : $"(below goal {Goal})")} | EmbedSignals {apiMedian:0.0} ECG/s (ORT / it {onnxMedian / apiMedian:0.00}) [sink {sink:0.000}]"));

            // What bounds the ratio: both engines spend nearly all their time in convolutions, and no convolution beats the FMA ceiling.
            double flops = ConvFlopCounter.Layers(model.Network.EcgEncoder, preprocessing.SampleCount).Sum(l => l.ForwardFlops);
            double onnxGflops = onnxMedian * flops / 1e9, torchGflops = torchMedian * flops / 1e9;
            var bound = string.Create(CultureInfo.InvariantCulture,
                $"convolutions {flops / 1e6:0} MFLOP/ECG: ORT {onnxGflops:0} GFLOP/s ({onnxGflops / ceiling * 100:0} %), TorchSharp {torchGflops:0} GFLOP/s " +
                $"({torchGflops / ceiling * 100:0} %) of the {ceiling:0} GFLOP/s FMA ceiling on {get_num_threads()} threads; " +
                $"an ORT at the ceiling would give {ceiling / torchGflops:0.00}");
            Console.WriteLine(bound);
            return
            [
                new BenchmarkResult(Name, $"ONNX Runtime / TorchSharp embeddings/s (ResNet{depth}-1d w{width}, batch {batch}, CPU)")
                {
                    Value = ratio, AtLeast = Goal,
                    Summary = string.Create(CultureInfo.InvariantCulture, $"ORT {onnxMedian:0} vs TorchSharp {torchMedian:0} ECG/s (EmbedSignals {apiMedian:0}: {onnxMedian / apiMedian:0.00})"),
                    Note = bound,
                    Figures = new()
                    {
                        ["onnxEcgPerSecond"] = onnxMedian, ["torchEcgPerSecond"] = torchMedian, ["embedSignalsEcgPerSecond"] = apiMedian,
                        ["onnxOverEmbedSignals"] = onnxMedian / apiMedian, ["repetitions"] = reps, ["batch"] = batch,
                        ["convMflopPerEcg"] = flops / 1e6, ["fmaCeilingGflops"] = ceiling, ["onnxShareOfCeiling"] = onnxGflops / ceiling,
                        ["torchShareOfCeiling"] = torchGflops / ceiling, ["ratioAtCeiling"] = ceiling / torchGflops,
                    },
                },
            ];
        }
        finally
        {
            if (keep is null) File.Delete(onnxPath);
        }
    }

    internal static ClepEncoder Model(int depth, int width, EcgPreprocessorOptions preprocessing)
    {
        var tokenizer = ReportTokenizer.FromTexts(["sinus rhythm", "atrial fibrillation"], lowerCase: true, maxLength: 16);
        manual_seed(1);
        var options = new ClepModelOptions
        {
            Ecg = new ResNet1dOptions { Depth = depth, BaseWidth = width, InputChannels = preprocessing.Leads.Count },
            Text = new BertConfig { VocabSize = tokenizer.VocabularySize, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 32 },
        };
        var network = new ClepModel(options);
        using (no_grad())
        {
            // Trained-looking batch norm statistics, so the folded graph is not a trivial rescaling.
            foreach (var (_, module) in network.named_modules())
            {
                if (module is not BatchNorm1d bn) continue;
                long c = bn.weight!.shape[0];
                bn.running_mean!.copy_(randn(c) * 0.3);
                bn.running_var!.copy_(rand(c) * 1.5 + 0.5);
            }
        }
        return new ClepEncoder(network, tokenizer, preprocessing);
    }

    internal static List<float[]> Signals(EcgPreprocessorOptions preprocessing, int count)
    {
        var preprocessor = new EcgPreprocessor(preprocessing);
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 7, SamplingRate = preprocessing.SamplingRate });
        return generator.Generate(0, count).Select(preprocessor.Process).ToList();
    }

    /// <summary>
    /// ONNX Runtime: each batch copied into one reused buffer, wrapped without a copy, run, and output <paramref name="output"/>
    /// split into rows.
    /// </summary>
    internal static float[][] EmbedOnnx(InferenceSession session, IReadOnlyList<float[]> signals, int batch, string output = OnnxExporter.EmbeddingOutput)
    {
        int per = signals[0].Length;
        var result = new float[signals.Count][];
        var buffer = new float[Math.Min(batch, signals.Count) * per];
        using var runOptions = new RunOptions();
        for (int start = 0; start < signals.Count; start += batch)
        {
            int size = Math.Min(batch, signals.Count - start);
            for (int i = 0; i < size; i++) signals[start + i].CopyTo(buffer, i * per);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, size * per), [size, per]);
            using var outputs = session.Run(runOptions, [OnnxExporter.SignalInput], [input], [output]);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            int d = values.Length / size;
            for (int i = 0; i < size; i++) result[start + i] = values.Slice(i * d, d).ToArray();
        }
        return result;
    }

    /// <summary>
    /// TorchSharp, the same steps: each batch copied into one reused buffer, wrapped without a copy, the forward pass
    /// <paramref name="encode"/> under inference mode (or no_grad), split into rows.
    /// </summary>
    internal static float[][] EmbedTorch(Func<Tensor, Tensor> encode, ClepEncoder model, IReadOnlyList<float[]> signals, int batch, bool inference)
    {
        int leads = model.Preprocessing.Leads.Count, samples = model.Preprocessing.SampleCount, per = leads * samples;
        var result = new float[signals.Count][];
        var buffer = new float[Math.Min(batch, signals.Count) * per];
        for (int start = 0; start < signals.Count; start += batch)
        {
            int size = Math.Min(batch, signals.Count - start);
            for (int i = 0; i < size; i++) signals[start + i].CopyTo(buffer, i * per);
            using var scope = NewDisposeScope();
            using IDisposable mode = inference ? inference_mode() : no_grad();
            var x = from_array(buffer).narrow(0, 0, (long)size * per).view(size, leads, samples);
            var e = encode(x);
            var flat = e.data<float>().ToArray();
            int d = (int)e.shape[1];
            for (int i = 0; i < size; i++) result[start + i] = flat.AsSpan(i * d, d).ToArray();
        }
        return result;
    }

    private static double MaxAbsDifference(float[][] a, float[][] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
            for (int k = 0; k < a[i].Length; k++) max = Math.Max(max, Math.Abs(a[i][k] - b[i][k]));
        return max;
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback) => BenchmarkStats.IntOption(args, name, fallback);
}
