using System.Diagnostics;
using System.Globalization;
using FgClep.Modeling;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// Training-step time with the pretrained MiniLM-L6 text encoder, side by side in one run: <see cref="ClepTrainer"/> with
/// <see cref="TextEncoderTraining.FineTune"/>, with <see cref="TextEncoderTraining.Frozen"/> (cached report features), and an
/// ECG-side-only step (the same ECG encoder, projection, loss and AdamW, against fixed text embeddings: no text encoder call).
/// Trainer steps are timed between progress reports (the first step of each fit is left out); the three variants alternate
/// in every repetition so load changes on a shared machine hit them all. Reports median step times and the ratios
/// Frozen / ECG-only (goal: at most 1.25) and FineTune / Frozen, and the one-off cache build of the frozen fit.
/// Options: <c>--steps &lt;n&gt;</c> timed steps per fit (default 4; 2 with <c>--quick</c>), <c>--reps &lt;n&gt;</c> (default 3; 2 with
/// <c>--quick</c>), <c>--batch &lt;n&gt;</c> (default 32).
/// </summary>
internal sealed class TextTrainingBenchmark : IBenchmark
{
    private const double Goal = 1.25;

    public string Name => "text-training";

    public string Description => "Step time with MiniLM: fine-tune vs frozen (cached) vs ECG side only, batch 32 (goal: frozen <= 1.25 × ECG only)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        int steps = BenchmarkStats.IntOption(args, "--steps", quick ? 2 : 4);
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 2 : 3);
        int batch = BenchmarkStats.IntOption(args, "--batch", 32);
        string dir;
        try { dir = PretrainedTextEncoder.MiniLmL6V2.GetDirectory(); }
        catch (FileNotFoundException e)
        {
            Console.WriteLine($"skipped: {e.Message}");
            return [new BenchmarkResult(Name, "frozen step / ECG-only step") { Skipped = true, Note = e.Message }];
        }

        var bert = BertConfig.Load(Path.Combine(dir, "config.json"));
        var tokenizer = ReportTokenizer.FromVocabularyFile(Path.Combine(dir, "vocab.txt"), bert.DoLowerCase ?? true, 128);
        var modelOptions = QuickstartModel.Options(bert.VocabSize) with { Text = bert, TextPooling = PretrainedTextEncoder.MiniLmL6V2.Pooling };
        int rows = batch * (steps + 1);
        var (signals, reports) = SyntheticPairs.Create(rows, seed: 7);
        var pairs = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        for (int i = 0; i < rows; i++) pairs.Add(signals[i], reports[i]);
        var training = new ClepTrainerOptions { Epochs = 1, BatchSize = batch, LearningRate = 1e-4, Seed = 1 };

        using var template = new ClepModel(modelOptions);
        BertCheckpoint.Load(template.TextEncoder, dir, allowRandomInit: false);
        var initial = template.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ResNet18-1d w32 + MiniLM-L6 (6×384, mean pooling), batch {batch}, {SyntheticPairs.Leads}×{SyntheticPairs.Samples} signals, " +
            $"{reports.Average(r => tokenizer.Encode([r]).SequenceLength):0.0} tokens/report; {steps} timed steps × {reps} reps per variant; " +
            $"{Environment.ProcessorCount} logical CPUs, Torch threads {torch.get_num_threads()}; .NET {Environment.Version}"));

        var fineTune = new List<double>();
        var frozen = new List<double>();
        var ecgOnly = new List<double>();
        var cacheBuild = new List<double>();
        double sink = 0;

        ClepModel Fresh()
        {
            var model = new ClepModel(modelOptions);
            model.load_state_dict(initial);
            return model;
        }
        void Trainer(TextEncoderTraining mode, List<double> into, bool warmup)
        {
            using var model = Fresh();
            var clock = new StepClock();
            long start = Stopwatch.GetTimestamp();
            new ClepTrainer(model, tokenizer, training with { TextEncoderTraining = mode }).Train(pairs, clock);
            if (warmup) return;
            into.AddRange(clock.Steps);
            if (mode == TextEncoderTraining.Frozen)
                cacheBuild.Add(Stopwatch.GetElapsedTime(start, clock.First).TotalSeconds - BenchmarkStats.Median(clock.Steps));
        }
        void EcgOnly(List<double> into, bool warmup)
        {
            using var model = Fresh();
            var times = EcgOnlySteps(model, training, pairs, batch, steps + 1, ref sink);
            if (!warmup) into.AddRange(times.Skip(1));
        }

        Trainer(TextEncoderTraining.FineTune, fineTune, warmup: true);
        Trainer(TextEncoderTraining.Frozen, frozen, warmup: true);
        EcgOnly(ecgOnly, warmup: true);
        for (int r = 0; r < reps; r++)
        {
            var order = new Action[]
            {
                () => Trainer(TextEncoderTraining.FineTune, fineTune, false),
                () => Trainer(TextEncoderTraining.Frozen, frozen, false),
                () => EcgOnly(ecgOnly, false),
            };
            for (int k = 0; k < order.Length; k++) order[(k + r) % order.Length]();
        }

        double ft = BenchmarkStats.Median(fineTune), fr = BenchmarkStats.Median(frozen), ecg = BenchmarkStats.Median(ecgOnly);
        double frozenOverEcg = fr / ecg, fineTuneOverFrozen = ft / fr;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fine-tune step       {Line(fineTune)}\n" +
            $"frozen step          {Line(frozen)}  (cache of {rows} unique reports built once per fit: {Ms(BenchmarkStats.Median(cacheBuild))} ms)\n" +
            $"ECG-side-only step   {Line(ecgOnly)}\n" +
            $"frozen / ECG-only    {frozenOverEcg:0.00} {(frozenOverEcg <= Goal ? "(goal met)" : "(above goal 1.25)")}\n" +
            $"fine-tune / frozen   {fineTuneOverFrozen:0.00}\n" +
            $"fine-tune / ECG-only {ft / ecg:0.00} [sink {sink % 997:0.000}]"));
        return
        [
            new BenchmarkResult(Name, $"frozen-text step / ECG-side-only step (MiniLM, batch {batch})")
            {
                Value = frozenOverEcg, AtMost = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"fine-tune {Ms(ft)}, frozen {Ms(fr)}, ECG only {Ms(ecg)} ms/step; fine-tune / frozen {fineTuneOverFrozen:0.00}"),
                Figures = new()
                {
                    ["fineTuneStepMs"] = ft * 1000, ["frozenStepMs"] = fr * 1000, ["ecgOnlyStepMs"] = ecg * 1000,
                    ["fineTuneOverFrozen"] = fineTuneOverFrozen, ["frozenOverEcgOnly"] = frozenOverEcg,
                    ["cacheBuildMs"] = BenchmarkStats.Median(cacheBuild) * 1000,
                },
            },
        ];
    }

    /// <summary>
    /// The trainer's step without the text side: ECG encoder and projection, the same loss against fixed unit text embeddings,
    /// backward, clipping and AdamW over the ECG and logit parameters. Returns the seconds of each step.
    /// </summary>
    private static List<double> EcgOnlySteps(ClepModel model, ClepTrainerOptions options, ClepTrainingData data, int batch, int steps, ref double sink)
    {
        torch.random.manual_seed(options.Seed);
        var ecg = model.EcgParameters().ToList();
        var logit = model.LogitParameters().ToList();
        using var optimizer = new ScalarSafeAdamW(new[]
        {
            new AdamW.ParamGroup(ecg, new AdamW.Options { LearningRate = options.LearningRate, weight_decay = options.WeightDecay }),
            new AdamW.ParamGroup(logit, new AdamW.Options { LearningRate = options.LearningRate, weight_decay = 0 }),
        }, options.LearningRate, options.WeightDecay);
        var all = ecg.Concat(logit).ToList();
        using var text = torch.nn.functional.normalize(torch.randn(batch, model.Options.ProjectionSize), p: 2, dim: 1);
        int per = data.LeadCount * data.SampleCount;
        var times = new List<double>();
        model.train();
        for (int s = 0; s < steps; s++)
        {
            long start = Stopwatch.GetTimestamp();
            using (torch.NewDisposeScope())
            {
                var buffer = new float[batch * per];
                for (int i = 0; i < batch; i++) data.Signal(s * batch + i).CopyTo(buffer.AsSpan(i * per, per));
                var signals = torch.tensor(buffer, new long[] { batch, data.LeadCount, data.SampleCount });
                optimizer.zero_grad();
                var e = model.EncodeEcg(signals).to(ScalarType.Float32);
                var loss = SigmoidContrastiveLoss.Compute(e, text, model.LogitScale, model.LogitBias)
                           + options.FalseNegativeMitigationWeight * FalseNegativeMitigationLoss.Compute(e, text);
                sink += loss.ToDouble();
                loss.backward();
                torch.nn.utils.clip_grad_norm_(all, options.GradientClipNorm);
                optimizer.step();
            }
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return times;
    }

    private static string Line(List<double> steps) => string.Create(CultureInfo.InvariantCulture,
        $"{Ms(BenchmarkStats.Median(steps)),9} ms  (best {Ms(steps.Min())}, MAD {Ms(BenchmarkStats.MedianAbsoluteDeviation(steps))} ms, n={steps.Count})");

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Times the steps of one fit from its progress reports (synchronous, between steps); the first step is left out.</summary>
    private sealed class StepClock : IProgress<TrainingProgress>
    {
        private long _last;

        public List<double> Steps { get; } = new();

        public long First { get; private set; }

        public void Report(TrainingProgress value)
        {
            long now = Stopwatch.GetTimestamp();
            if (_last == 0) First = now;
            else Steps.Add(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
            _last = now;
        }
    }
}
