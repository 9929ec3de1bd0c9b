using System.Diagnostics;
using System.Globalization;
using FgClep.MLNet;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// What the paper's full pre-training needs: ~800 k MIMIC-IV-ECG pairs, 12 leads × 5,000 samples (500 Hz × 10 s),
/// ResNet50-1d with a fine-tuned BERT-base text encoder (Bio_ClinicalBERT), batch 100. It counts the network's FLOPs from
/// its convolution shapes (the text encoder's from its matrix shapes), measures this CPU's rate on a ResNet50-1d
/// forward+backward at that length, and gives disk, memory and the time per epoch: measured here on the CPU, and on a GPU
/// at stated sustained rates (assumptions, not measurements, until a GPU is lent).
/// Options: <c>--pairs n</c> (default 800000), <c>--batch n</c> CPU batch (default 4; 2 with <c>--quick</c>), <c>--reps n</c> (default 3; 2 with <c>--quick</c>),
/// <c>--report-chars n</c> mean report length (default 250).
/// </summary>
internal sealed class PaperScaleBenchmark : IBenchmark
{
    private const int Leads = 12, Samples = 5000, Tokens = 128;
    private static readonly double[] GpuTflops = [50, 100, 200];

    public string Name => "paper-scale";

    public string Description => "The paper's full run (800 k pairs, 500 Hz, ResNet50-1d + BERT-base): FLOPs, disk, memory, time per epoch on this CPU and at stated GPU rates";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        long pairs = BenchmarkStats.IntOption(args, "--pairs", 800_000);
        int batch = BenchmarkStats.IntOption(args, "--batch", quick ? 2 : 4);
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 2 : 3);
        int reportChars = BenchmarkStats.IntOption(args, "--report-chars", 250);

        var paper = FgClepPretrainPresets.Paper();
        var ecgOptions = paper.Model.Ecg with { InputChannels = Leads };
        random.manual_seed(1);
        using var net = new ResNet1d(ecgOptions);
        double ecgForward = ConvFlopCounter.Layers(net, Samples).Sum(l => l.ForwardFlops);
        long ecgParameters = net.parameters().Sum(p => p.numel());
        var bert = new BertConfig(); // BERT-base: Bio_ClinicalBERT's shape
        double textForward = BertForwardFlops(bert, Tokens);
        long textParameters = BertParameters(bert) + (long)bert.HiddenSize * paper.Model.ProjectionSize;
        double trainFlopsPerPair = 3 * (ecgForward + textForward);

        // This CPU's rate on the ECG side at the paper's length (forward + backward, as in training).
        using var input = randn(batch, Leads, Samples);
        ThroughputBenchmark.ForwardBackward(net, input); // warm-up
        var seconds = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            long t = Stopwatch.GetTimestamp();
            ThroughputBenchmark.ForwardBackward(net, input);
            seconds.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        double cpuFlops = 3 * ecgForward * batch / BenchmarkStats.Median(seconds);
        double cpuEpochHours = pairs * trainFlopsPerPair / cpuFlops / 3600;

        long signalBytes = (long)Leads * Samples * sizeof(ushort);
        double diskGb = pairs * (signalBytes + reportChars + 60.0) / 1e9; // signals + one JSON line (id, checksum, report) per pair
        double inMemoryGb = pairs * (double)Leads * Samples * sizeof(float) / 1e9;
        // From the cache, memory holds the reports (UTF-16), an id and a checksum string per pair, two batches, and the model
        // with its gradients and AdamW moments (4 × fp32 per parameter); activations are the GPU's and not counted here.
        double modelGb = 16.0 * (ecgParameters + textParameters) / 1e9;
        double cacheRamGb = pairs * (2.0 * reportChars + 2 * 80) / 1e9 + 2 * paper.Training.BatchSize * Leads * Samples * 4.0 / 1e9 + modelGb;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ResNet{ecgOptions.Depth}-1d w{ecgOptions.BaseWidth}: {ecgForward / 1e9:0.00} GFLOP forward per ECG (12 × {Samples}), {ecgParameters / 1e6:0.0} M parameters; " +
            $"BERT-base at {Tokens} tokens: {textForward / 1e9:0.00} GFLOP forward per report, {textParameters / 1e6:0.0} M parameters; " +
            $"training {trainFlopsPerPair / 1e9:0.0} GFLOP per pair (×3 forward, both towers trained)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"this CPU: {cpuFlops / 1e9:0.0} GFLOP/s on the ECG side (batch {batch}, {BenchmarkStats.Median(seconds):0.00} s per forward+backward) → " +
            $"{cpuEpochHours:0} h ({cpuEpochHours / 24:0.0} days) per epoch of {pairs:N0} pairs"));
        var gpuHours = GpuTflops.ToDictionary(r => r, r => pairs * trainFlopsPerPair / (r * 1e12) / 3600);
        Console.WriteLine("one GPU at a sustained " + string.Join(", ", GpuTflops.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r:0} TFLOP/s: {gpuHours[r]:0.0} h per epoch ({10 * gpuHours[r]:0} h for the paper's 10 epochs)"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"disk: {diskGb:0.0} GB of float16 cache; memory: {inMemoryGb:0} GB to hold the float32 signals, {cacheRamGb:0.0} GB training from the cache " +
            $"({modelGb:0.00} GB of it model, gradients and AdamW moments)"));

        var figures = new Dictionary<string, double>
        {
            ["pairs"] = pairs, ["ecgForwardGflop"] = ecgForward / 1e9, ["textForwardGflop"] = textForward / 1e9, ["trainGflopPerPair"] = trainFlopsPerPair / 1e9,
            ["ecgParametersM"] = ecgParameters / 1e6, ["textParametersM"] = textParameters / 1e6, ["cpuGflops"] = cpuFlops / 1e9, ["cpuHoursPerEpoch"] = cpuEpochHours,
            ["diskGb"] = diskGb, ["inMemoryGb"] = inMemoryGb, ["cacheRamGb"] = cacheRamGb, ["reportChars"] = reportChars,
        };
        foreach (var (rate, hours) in gpuHours) figures[string.Create(CultureInfo.InvariantCulture, $"gpuHoursPerEpochAt{rate:0}Tflops")] = hours;
        return
        [
            new BenchmarkResult(Name, string.Create(CultureInfo.InvariantCulture, $"the paper's run: hours per epoch of {pairs / 1000:0} k pairs on one GPU at a sustained 100 TFLOP/s (stated rate)"))
            {
                Value = gpuHours[100],
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"{trainFlopsPerPair / 1e9:0.0} GFLOP per pair; this CPU {cpuFlops / 1e9:0} GFLOP/s = {cpuEpochHours / 24:0.0} days per epoch; disk {diskGb:0} GB, RAM {cacheRamGb:0.0} GB from the cache vs {inMemoryGb:0} GB in memory"),
                Figures = figures,
                Note = "GPU time is FLOPs over a stated rate, not a measurement",
            },
        ];
    }

    /// <summary>Multiply-adds × 2 of one BERT forward at <paramref name="tokens"/> tokens: Q/K/V/output and FFN matrices, attention scores and mixing.</summary>
    private static double BertForwardFlops(BertConfig c, int tokens)
    {
        double h = c.HiddenSize, f = c.IntermediateSize, t = tokens;
        double perLayer = 2 * t * (4 * h * h + 2 * h * f) + 2 * 2 * t * t * h;
        return c.NumHiddenLayers * perLayer;
    }

    private static long BertParameters(BertConfig c)
    {
        long h = c.HiddenSize, f = c.IntermediateSize;
        long embeddings = (c.VocabSize + c.MaxPositionEmbeddings + c.TypeVocabSize) * h + 2 * h;
        long layer = 4 * (h * h + h) + (h * f + f) + (f * h + h) + 4 * h;
        return embeddings + c.NumHiddenLayers * layer;
    }
}
