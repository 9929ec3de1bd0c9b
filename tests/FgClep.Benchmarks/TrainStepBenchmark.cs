using System.Diagnostics;
using System.Globalization;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Modeling.Text;
using FgClep.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace FgClep.Benchmarks;

/// <summary>
/// One pre-training step through the ML.NET estimator (IDataView cursor → signal vectors → tokenisation → batching →
/// forward → backward → AdamW), and through <see cref="ClepTrainer"/> alone, against the same step of the same model on
/// tensors built up front. The reference step runs inside the trainer's per-step progress callback, so every timed
/// library step is paired with a reference step taken right before it: load changes on a shared machine hit both.
/// Overhead = median over pairs of (library step / reference step) − 1; the estimator's one-off cursor read is amortised per step.
/// Options: <c>--steps &lt;n&gt;</c> timed pairs per fit (default 6; 4 with <c>--quick</c>), <c>--reps &lt;n&gt;</c> fits per side
/// (default 5; 3 with <c>--quick</c>),
/// <c>--batch &lt;n&gt;</c> (default 32), <c>--threads &lt;n&gt;</c> (Torch intra-op threads; default: Torch's choice).
/// </summary>
internal sealed class TrainStepBenchmark : IBenchmark
{
    private const double Goal = 0.10;

    public string Name => "train-step";

    public string Description => "Estimator training step vs raw TorchSharp step, quickstart model, batch 32 (goal: overhead <= 10 %)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int steps = BenchmarkStats.IntOption(args, "--steps", quick ? 4 : 6);
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 3 : 5);
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
        var pairs = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        for (int i = 0; i < rows; i++) pairs.Add(signals[i], reports[i]);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Quickstart CLEP (ResNet18-1d w32 k15/7, BERT 4×256), batch {batch}, {SyntheticPairs.Leads}×{SyntheticPairs.Samples} signals, " +
            $"{reports.Average(r => r.Split(' ').Length):0.0} words/report; {steps} paired steps × {reps} fits per side; " +
            $"{Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}; .NET {Environment.Version}"));

        using var raw = new RawTrainingLoop(modelOptions, training, tokenizer, signals, reports);
        double sink = 0;
        var estimator = new PairedClock();
        var trainer = new PairedClock();
        var setups = new List<double>();
        var readsPerRow = new List<double>();
        void Estimator()
        {
            using var session = raw.Begin();
            long start = Stopwatch.GetTimestamp();
            estimator.Begin(session, steps + 1);
            using (ml.Transforms.PretrainFgClep(estimatorOptions with { Progress = estimator }).Fit(view)) { }
            setups.Add(Stopwatch.GetElapsedTime(start, estimator.FirstReport).TotalSeconds - estimator.LastFitMedian);
            sink += session.Sink;
        }
        void Trainer()
        {
            using var session = raw.Begin();
            torch.random.manual_seed(training.Seed);
            using var model = new ClepModel(modelOptions);
            trainer.Begin(session, steps + 1);
            new ClepTrainer(model, tokenizer, training).Train(pairs, trainer);
            sink += session.Sink;
        }

        // Warm-up (JIT, Torch kernels, allocator) for both sides, then alternate which goes first.
        Estimator(); Trainer();
        estimator.Clear(); trainer.Clear(); setups.Clear();
        for (int r = 0; r < reps; r++)
        {
            if (r % 2 == 0) { Estimator(); Trainer(); } else { Trainer(); Estimator(); }
            readsPerRow.Add(TimeRead(view, out int read) / read);
        }

        double readPerStep = BenchmarkStats.Median(readsPerRow) * batch;
        var references = estimator.Reference.Concat(trainer.Reference).ToList();
        double overheadWithRead = estimator.Overhead(readPerStep);
        var profile = ProfileBatching(tokenizer, signals, reports, batch);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"raw TorchSharp step        {Line(references)}\n" +
            $"ClepTrainer step           {Line(trainer.Library)}  overhead {Pct(trainer.Overhead(0))} %\n" +
            $"estimator step             {Line(estimator.Library)}  overhead {Pct(estimator.Overhead(0))} %\n" +
            $"  trainer batch assembly: copy {Ms(profile.Copy)} ms, tokenise {Ms(profile.Tokenize)} ms, tensors {Ms(profile.Tensors)} ms " +
            $"({(profile.Copy + profile.Tokenize + profile.Tensors) / BenchmarkStats.Median(references) * 100:0.0} % of a step)\n" +
            $"IDataView → pairs / step   {Ms(readPerStep),8} ms  (cursor read of {batch} rows, once per epoch)\n" +
            $"fit setup (once per fit)   {Ms(BenchmarkStats.Median(setups)),8} ms  (read + vocabulary + model init + optimiser; {rows} rows)\n" +
            $"estimator overhead with amortised read: {Pct(overheadWithRead)} % " +
            $"{(overheadWithRead <= Goal ? "(goal met)" : "(above goal 10 %)")} [sink {sink % 997:0.000}]"));
        double rawStep = BenchmarkStats.Median(references);
        return
        [
            new BenchmarkResult(Name, $"estimator step / raw TorchSharp step - 1 (quickstart CLEP, batch {batch})")
            {
                Value = overheadWithRead, AtMost = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"estimator {Ms(BenchmarkStats.Median(estimator.Library))} vs raw {Ms(rawStep)} ms/step, read {Ms(readPerStep)} ms/step; trainer alone {Pct(trainer.Overhead(0))} %"),
                Figures = new()
                {
                    ["estimatorStepMs"] = BenchmarkStats.Median(estimator.Library) * 1000, ["rawStepMs"] = rawStep * 1000,
                    ["trainerStepMs"] = BenchmarkStats.Median(trainer.Library) * 1000, ["readPerStepMs"] = readPerStep * 1000,
                    ["estimatorOverhead"] = estimator.Overhead(0), ["trainerOverhead"] = trainer.Overhead(0), ["pairs"] = estimator.Library.Count,
                },
            },
        ];
    }

    private static string Line(List<double> steps) => string.Create(CultureInfo.InvariantCulture,
        $"{Ms(BenchmarkStats.Median(steps)),8} ms  (best {Ms(steps.Min())}, MAD {Ms(BenchmarkStats.MedianAbsoluteDeviation(steps))} ms, n={steps.Count})");

    private static string Pct(double ratio) => (ratio * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.00", CultureInfo.InvariantCulture);

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

    /// <summary>
    /// The trainer's progress callback (called synchronously between steps): it notes when a library step ended, runs one
    /// reference step, and notes when control went back, so step k+1 of the library is timed from that point on.
    /// </summary>
    private sealed class PairedClock : IProgress<TrainingProgress>
    {
        private readonly List<double> _fitSteps = new();
        private RawTrainingLoop.Session? _session;
        private long _resumed;
        private double _pendingReference;
        private int _lastStep;

        public List<double> Library { get; } = new();

        public List<double> Reference { get; } = new();

        public long FirstReport { get; private set; }

        public double LastFitMedian => BenchmarkStats.Median(_fitSteps);

        public void Begin(RawTrainingLoop.Session session, int lastStep)
        {
            _session = session;
            _lastStep = lastStep;
            _resumed = 0;
            _fitSteps.Clear();
        }

        public void Clear() { Library.Clear(); Reference.Clear(); }

        public void Report(TrainingProgress value)
        {
            long now = Stopwatch.GetTimestamp();
            if (_resumed == 0) FirstReport = now;
            else
            {
                double library = Stopwatch.GetElapsedTime(_resumed, now).TotalSeconds;
                Library.Add(library);
                Reference.Add(_pendingReference);
                _fitSteps.Add(library);
            }
            if (value.Step < _lastStep) _pendingReference = _session!.Step();
            _resumed = Stopwatch.GetTimestamp();
        }

        /// <summary>Median over pairs of (library step + <paramref name="extra"/> seconds) / reference step, minus one.</summary>
        public double Overhead(double extra) => BenchmarkStats.Median(Library.Select((l, i) => (l + extra) / Reference[i])) - 1;
    }
}
