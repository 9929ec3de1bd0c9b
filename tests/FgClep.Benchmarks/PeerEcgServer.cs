using System.Diagnostics;
using System.Text.Json;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using FgClep.Modeling.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// FgClep's side of the peer benchmark: the quickstart ECG tower (<see cref="ClepModel.EncodeEcg"/>: ResNet18-1d +
/// projection + L2 norm) behind the line protocol of <c>peer/clep_ecg_peer.py</c>, so both libraries get the same
/// commands from <see cref="PeerBenchmark"/> in alternating rounds. On <c>init</c> it writes its initial weights, which the
/// PyTorch side then loads.
/// </summary>
internal static class PeerEcgServer
{
    public const string ChildName = "peer-child";

    public static int Run()
    {
        ClepModel? model = null;
        optim.Optimizer? optimizer = null;
        PeerConfig? config = null;
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            string rest = parts.Length > 1 ? parts[1] : "";
            object answer;
            switch (parts[0])
            {
                case "quit":
                    model?.Dispose();
                    return 0;
                case "init":
                    config = JsonSerializer.Deserialize<PeerConfig>(rest)!;
                    torch.set_num_threads(config.threads);
                    random.manual_seed(1);
                    var options = QuickstartModel.Options(8) with
                    {
                        Ecg = QuickstartModel.Options(8).Ecg with { BaseWidth = config.width, FirstKernelSize = config.firstKernel, KernelSize = config.kernel, Depth = config.depth, InputChannels = config.leads },
                        Text = new BertConfig { VocabSize = 8, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 1, IntermediateSize = 8, MaxPositionEmbeddings = 8 },
                        ProjectionSize = config.projection,
                    };
                    model = new ClepModel(options);
                    var tower = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers().Select(b => (b.name, b.buffer)))
                        .Where(p => p.name.StartsWith("ecg_encoder.", StringComparison.Ordinal) || p.name.StartsWith("ecg_projection.", StringComparison.Ordinal))
                        .Select(p => new KeyValuePair<string, Tensor>(p.name, p.Item2)).ToList();
                    SafetensorsFile.Write(config.weights, tower);
                    optimizer = optim.AdamW(model.EcgParameters(), lr: 1e-4, weight_decay: 1e-4);
                    answer = new { torch = PeerBenchmark.OurLibtorchVersion(), threads = torch.get_num_threads() };
                    break;
                case "embed":
                    var args = rest.Split(' ');
                    int batch = int.Parse(args[1]);
                    var bytes = File.ReadAllBytes(args[0]);
                    var values = new float[bytes.Length / 4];
                    Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
                    model!.eval();
                    using (no_grad())
                    using (var scope = NewDisposeScope())
                    {
                        var e = model.EncodeEcg(tensor(values, new long[] { batch, config!.leads, config.samples }));
                        var output = e.data<float>().ToArray();
                        var outBytes = new byte[output.Length * 4];
                        Buffer.BlockCopy(output, 0, outBytes, 0, outBytes.Length);
                        File.WriteAllBytes(args[2], outBytes);
                    }
                    answer = new { ok = true };
                    break;
                case "train":
                case "infer":
                    var counts = rest.Split(' ').Select(int.Parse).ToArray();
                    var phases = new Dictionary<string, List<double>> { ["forward"] = new(), ["backward"] = new(), ["optimizer"] = new() };
                    answer = new { seconds = parts[0] == "train" ? Train(model!, optimizer!, config!, counts[0], counts[1], phases) : Infer(model!, config!, counts[0], counts[1]), phases };
                    break;
                case "layers":
                    answer = new { layers = ConvTimes(model!, config!, int.Parse(rest), library: true), native = ConvTimes(model!, config!, int.Parse(rest), library: false) };
                    break;
                case "train-layers":
                    answer = new { layers = ConvTrainTimes(model!, config!, int.Parse(rest)) };
                    break;
                default:
                    answer = new { error = $"unknown command {parts[0]}" };
                    break;
            }
            Console.WriteLine(JsonSerializer.Serialize(answer));
        }
        model?.Dispose();
        return 0;
    }

    private static List<double> Train(ClepModel model, optim.Optimizer optimizer, PeerConfig c, int steps, int batch, Dictionary<string, List<double>> phases)
    {
        random.manual_seed(2);
        using var x = randn(batch, c.leads, c.samples);
        using var t = nn.functional.normalize(randn(batch, c.projection), dim: 1);
        using var labels = 2 * eye(batch) - 1;
        model.train();
        var seconds = new List<double>();
        for (int s = 0; s < steps; s++)
        {
            long start = Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var e = model.EncodeEcg(x);
                var logits = e.matmul(t.t()) * 10.0 - 10.0;
                var loss = -nn.functional.logsigmoid(labels * logits).sum() / batch;
                long forward = Stopwatch.GetTimestamp();
                loss.backward();
                long backward = Stopwatch.GetTimestamp();
                optimizer.step();
                phases["forward"].Add(Stopwatch.GetElapsedTime(start, forward).TotalSeconds);
                phases["backward"].Add(Stopwatch.GetElapsedTime(forward, backward).TotalSeconds);
                phases["optimizer"].Add(Stopwatch.GetElapsedTime(backward).TotalSeconds);
            }
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return seconds;
    }

    private static List<double> Infer(ClepModel model, PeerConfig c, int steps, int batch)
    {
        random.manual_seed(2);
        using var x = randn(batch, c.leads, c.samples);
        model.eval();
        var seconds = new List<double>();
        using var noGrad = no_grad();
        for (int s = 0; s < steps; s++)
        {
            long start = Stopwatch.GetTimestamp();
            using (NewDisposeScope()) model.EncodeEcg(x);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return seconds;
    }

    /// <summary>Each convolution's median forward time at its input shape: as the library runs it (im2col where it chooses), or libtorch's own.</summary>
    /// <summary>
    /// Each convolution's forward + backward time through the route training uses (<see cref="FgClep.Modeling.Ecg.Im2ColConv1d"/>),
    /// at its input shape; the stem's input (the signal) needs no gradient, every other input does.
    /// </summary>
    private static Dictionary<string, double> ConvTrainTimes(ClepModel model, PeerConfig c, int batch)
    {
        model.train();
        var times = new Dictionary<string, double>();
        foreach (var layer in ConvFlopCounter.Layers(model.EcgEncoder, c.samples))
        {
            using var x = randn(batch, layer.InChannels, layer.InLength).requires_grad_(layer.InChannels != c.leads);
            var conv = layer.Module;
            using var g = randn(batch, layer.OutChannels, layer.OutLength);
            times["ecg_encoder." + layer.Name] = MedianSeconds(() =>
            {
                using var scope = NewDisposeScope();
                (FgClep.Modeling.Ecg.Im2ColConv1d.Forward(conv, x) * g).sum().backward();
            });
        }
        return times;
    }

    private static Dictionary<string, double> ConvTimes(ClepModel model, PeerConfig c, int batch, bool library)
    {
        var times = new Dictionary<string, double>();
        using var noGrad = no_grad();
        foreach (var layer in ConvFlopCounter.Layers(model.EcgEncoder, c.samples))
        {
            using var x = randn(batch, layer.InChannels, layer.InLength);
            var conv = layer.Module;
            Func<Tensor> run = library ? () => FgClep.Modeling.Ecg.Im2ColConv1d.Forward(conv, x) : () => conv.forward(x);
            times["ecg_encoder." + layer.Name] = MedianSeconds(() => run().Dispose());
        }
        return times;
    }

    /// <summary>The median of 7 timed calls of <paramref name="step"/>, after one untimed call (as the PyTorch side times).</summary>
    private static double MedianSeconds(Action step)
    {
        step();
        var runs = new List<double>();
        for (int i = 0; i < 7; i++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            runs.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return BenchmarkStats.Median(runs);
    }

#pragma warning disable IDE1006 // JSON names of the line protocol
    internal sealed record PeerConfig(int depth, int width, int firstKernel, int kernel, int leads, int samples, int projection, int threads, string weights);
#pragma warning restore IDE1006
}
