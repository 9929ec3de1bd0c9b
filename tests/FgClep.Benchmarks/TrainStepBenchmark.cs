using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling;
using FgClep.Training;
using FgClep.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace FgClep.Benchmarks;

/// <summary>
/// One pre-training step through the ML.NET estimator (IDataView cursor → signal vectors → tokenisation → batching →
/// forward → backward → AdamW) and through <see cref="ClepTrainer"/> alone, against the same step on tensors built up front;
/// the three alternate in one run. Overheads are medians over repetitions of each side's median step / the raw median step.
/// Steps are timed between the trainer's per-step progress reports; the first step of every fit (setup) is left out.
/// Options: <c>--steps &lt;n&gt;</c> timed steps per fit (default 4), <c>--reps &lt;n&gt;</c> (default 7), <c>--batch &lt;n&gt;</c>
/// (default 32), <c>--threads &lt;n&gt;</c> (Torch intra-op threads; default: Torch's choice).
/// </summary>
internal sealed class TrainStepBenchmark : IBenchmark
{
    private const double Goal = 0.10;

    public string Name => "train-step";

    public string Description => "Estimator training step vs raw TorchSharp step, quickstart model, batch 32 (goal: overhead <= 10 %)";

    public int Run(IReadOnlyList<string> args)
    {
        int steps = BenchmarkStats.IntOption(args, "--steps", 4);
        int reps = BenchmarkStats.IntOption(args, "--reps", 7);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        if (BenchmarkData.Option(args, "--threads") is not null) torch.set_num_threads(BenchmarkStats.IntOption(args, "--threads", 1));
        int rows = batch * (steps + 1);

        var (signals, reports) = SyntheticPairs.Create(rows, seed: 7);
        var ml = new MLContext(seed: 1);
        var view = ToDataView(ml, signals, reports);
        // The estimator builds the same word vocabulary from the same reports.
        var tokenizer = ReportTokenizer.FromTexts(reports, lowerCase: true, maxLength: 128);
        var modelOptions = QuickstartModel.Options(tokenizer.VocabularySize);
        var training = new ClepTrainerOptions { Epochs = 1, BatchSize = batch, LearningRate = 1e-4, StopAfterSteps = steps + 1, Seed = 1 };
        var estimatorOptions = new FgClepPretrainOptions { Model = modelOptions, Training = training };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Quickstart CLEP (ResNet18-1d w32 k15/7, BERT 4×256), batch {batch}, {SyntheticPairs.Leads}×{SyntheticPairs.Samples} signals, " +
            $"{reports.Average(r => r.Split(' ').Length):0.0} words/report; {steps} timed steps × {reps} alternating repetitions; " +
            $"{Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}; .NET {Environment.Version}"));

        using var raw = new RawTrainingLoop(modelOptions, training, tokenizer, signals, reports);
        var pairs = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        for (int i = 0; i < rows; i++) pairs.Add(signals[i], reports[i]);
        double sink = 0;
        var estimatorReps = new List<double[]>();
        var trainerReps = new List<double[]>();
        var rawReps = new List<double[]>();
        var setups = new List<double>();
        var readsPerRow = new List<double>();
        var sides = new Action[]
        {
            () =>
            {
                var fit = FitSteps(ml, view, estimatorOptions, out double untilFirstStep);
                estimatorReps.Add(fit);
                setups.Add(untilFirstStep - BenchmarkStats.Median(fit));
            },
            () => trainerReps.Add(TrainSteps(modelOptions, tokenizer, training, pairs)),
            () => rawReps.Add(raw.Run(ref sink).Skip(1).ToArray()),
        };
        // Warm-up (JIT, Torch kernels, allocator) for every side, then rotate the order so drift on a shared machine hits all.
        foreach (var side in sides) side();
        estimatorReps.Clear(); trainerReps.Clear(); rawReps.Clear(); setups.Clear();
        for (int r = 0; r < reps; r++)
        {
            for (int k = 0; k < sides.Length; k++) sides[(r + k) % sides.Length]();
            readsPerRow.Add(TimeRead(view, out int read) / read);
        }

        double readPerStep = BenchmarkStats.Median(readsPerRow) * batch;
        var raws = rawReps.SelectMany(x => x).ToList();
        double reference = BenchmarkStats.Median(raws);
        // Paired by repetition (the three sides ran back to back), which cancels slow drift in the machine's load.
        double Overhead(List<double[]> side, double extra) =>
            BenchmarkStats.Median(side.Select((steps, r) => (BenchmarkStats.Median(steps) + extra) / BenchmarkStats.Median(rawReps[r]))) - 1;
        double trainerOverhead = Overhead(trainerReps, 0), estimatorOverhead = Overhead(estimatorReps, 0);
        double overheadWithRead = Overhead(estimatorReps, readPerStep);
        var profile = ProfileBatching(tokenizer, signals, reports, batch);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"raw TorchSharp step        {Line(raws)}\n" +
            $"ClepTrainer step           {Line(trainerReps.SelectMany(x => x).ToList())}  overhead {Pct(trainerOverhead)} %\n" +
            $"estimator step             {Line(estimatorReps.SelectMany(x => x).ToList())}  overhead {Pct(estimatorOverhead)} %\n" +
            $"  trainer batch assembly: copy {Ms(profile.Copy)} ms, tokenise {Ms(profile.Tokenize)} ms, tensors {Ms(profile.Tensors)} ms " +
            $"({(profile.Copy + profile.Tokenize + profile.Tensors) / reference * 100:0.0} % of a step)\n" +
            $"IDataView → pairs / step   {Ms(readPerStep),8} ms  (cursor read of {batch} rows, once per epoch)\n" +
            $"fit setup (once per fit)   {Ms(BenchmarkStats.Median(setups)),8} ms  (read + vocabulary + model init + optimiser; {rows} rows)\n" +
            $"estimator overhead with amortised read: {Pct(overheadWithRead)} % " +
            $"{(overheadWithRead <= Goal ? "(goal met)" : "(above goal 10 %)")} [sink {sink % 997:0.000}]"));
        return overheadWithRead <= Goal ? 0 : 1;
    }

    private static string Line(List<double> steps) => string.Create(CultureInfo.InvariantCulture,
        $"{Ms(BenchmarkStats.Median(steps)),8} ms  (best {Ms(steps.Min())}, MAD {Ms(BenchmarkStats.MedianAbsoluteDeviation(steps))} ms, n={steps.Count})");

    private static string Pct(double ratio) => (ratio * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    /// <summary>Trains a fresh model (seeded like the estimator) with <see cref="ClepTrainer"/>; returns the seconds of every step after the first.</summary>
    private static double[] TrainSteps(ClepModelOptions modelOptions, ReportTokenizer tokenizer, ClepTrainerOptions training, ClepTrainingData pairs)
    {
        torch.random.manual_seed(training.Seed);
        using var model = new ClepModel(modelOptions);
        var clock = new StepClock();
        new ClepTrainer(model, tokenizer, training).Train(pairs, clock);
        return StepSeconds(clock.Stamps);
    }

    private static double[] StepSeconds(List<long> stamps) =>
        Enumerable.Range(1, stamps.Count - 1).Select(i => Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalSeconds).ToArray();

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Fits the estimator; returns the seconds of every step after the first, and the seconds up to the first step's end.</summary>
    private static double[] FitSteps(MLContext ml, IDataView view, FgClepPretrainOptions options, out double untilFirstStep)
    {
        var clock = new StepClock();
        long start = Stopwatch.GetTimestamp();
        using var transformer = ml.Transforms.PretrainFgClep(options with { Progress = clock }).Fit(view);
        untilFirstStep = Stopwatch.GetElapsedTime(start, clock.Stamps[0]).TotalSeconds;
        return StepSeconds(clock.Stamps);
    }

    /// <summary>Reads the view into training pairs the way the estimator does (cursor, dense vector copy, report text).</summary>
    private static double TimeRead(IDataView view, out int rows)
    {
        long start = Stopwatch.GetTimestamp();
        var data = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        var signal = view.Schema["Signal"];
        var report = view.Schema["Report"];
        using var cursor = view.GetRowCursor(new[] { signal, report });
        var getSignal = cursor.GetGetter<VBuffer<float>>(signal);
        var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(report);
        VBuffer<float> vector = default;
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext())
        {
            getReport(ref text);
            getSignal(ref vector);
            data.Add(vector.DenseValues().ToArray(), text.ToString().Trim());
        }
        rows = data.Count;
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private readonly record struct BatchProfile(double Copy, double Tokenize, double Tensors);

    /// <summary>Times the pieces of the trainer's batch assembly separately (median seconds per batch).</summary>
    private static BatchProfile ProfileBatching(ReportTokenizer tokenizer, float[][] signals, string[] reports, int batch)
    {
        int per = SyntheticPairs.Leads * SyntheticPairs.Samples;
        var copy = new List<double>();
        var tokenize = new List<double>();
        var tensors = new List<double>();
        for (int rep = 0; rep < 5; rep++)
        {
            for (int b = 0; b + batch <= signals.Length; b += batch)
            {
                long t0 = Stopwatch.GetTimestamp();
                var buffer = new float[batch * per];
                var texts = new string[batch];
                for (int i = 0; i < batch; i++) { signals[b + i].CopyTo(buffer.AsSpan(i * per)); texts[i] = reports[b + i]; }
                long t1 = Stopwatch.GetTimestamp();
                var tokens = tokenizer.Encode(texts);
                long t2 = Stopwatch.GetTimestamp();
                using (torch.NewDisposeScope())
                {
                    torch.tensor(buffer, new long[] { batch, SyntheticPairs.Leads, SyntheticPairs.Samples });
                    tokens.ToTensors();
                }
                long t3 = Stopwatch.GetTimestamp();
                copy.Add(Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
                tokenize.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
                tensors.Add(Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            }
        }
        return new BatchProfile(BenchmarkStats.Median(copy), BenchmarkStats.Median(tokenize), BenchmarkStats.Median(tensors));
    }

    private static IDataView ToDataView(MLContext ml, float[][] signals, string[] reports)
    {
        var rows = signals.Select((s, i) => new PairRow { Signal = s, Report = reports[i] }).ToList();
        var schema = SchemaDefinition.Create(typeof(PairRow));
        schema[nameof(PairRow.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SyntheticPairs.Leads * SyntheticPairs.Samples);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class PairRow
    {
        public float[] Signal { get; set; } = [];

        public string Report { get; set; } = "";
    }

    /// <summary>Records when each step's progress report arrives (synchronously, on the training thread).</summary>
    private sealed class StepClock : IProgress<TrainingProgress>
    {
        public List<long> Stamps { get; } = new();

        public void Report(TrainingProgress value) => Stamps.Add(Stopwatch.GetTimestamp());
    }
}
