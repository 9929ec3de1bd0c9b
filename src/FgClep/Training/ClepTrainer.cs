using System.Diagnostics;
using FgClep.Datasets;
using FgClep.Evaluation;
using FgClep.IO;
using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>
/// Trains a <see cref="ClepModel"/> on (ECG, report) pairs: AdamW, cosine schedule with linear warm-up, gradient
/// clipping, sigmoid contrastive + false-negative-mitigation loss (or InfoNCE), seeded shuffling, atomic checkpoints
/// and bit-for-bit resume on the CPU.
/// </summary>
public sealed class ClepTrainer
{
    /// <summary>Name of the checkpoint file written in <see cref="ClepTrainerOptions.CheckpointDirectory"/>.</summary>
    public const string CheckpointFileName = "checkpoint.fgclepck";

    private readonly ClepModel _model;
    private readonly ReportTokenizer _tokenizer;
    private readonly ClepTrainerOptions _options;

    /// <summary>Creates a trainer for <paramref name="model"/> (built on the CPU; it is moved to the options' device).</summary>
    public ClepTrainer(ClepModel model, ReportTokenizer tokenizer, ClepTrainerOptions options)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "Epochs must be at least 1.");
        if (options.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 2: contrastive losses need negatives.");
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be a finite positive number.");
        if (options.StopAfterSteps is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.StopAfterSteps, "StopAfterSteps must be at least 1.");
        if (!(options.SentenceSamplingShare >= 0 && options.SentenceSamplingShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.SentenceSamplingShare, "SentenceSamplingShare must be from 0 to 1.");
        _sentenceSampler = new SentenceSampler(options.SentenceSamplingShare, options.Seed);
        if (options.TextEncoderLearningRate is { } encoderRate && !(encoderRate >= 0 && double.IsFinite(encoderRate)))
            throw new ArgumentOutOfRangeException(nameof(options), encoderRate, "TextEncoderLearningRate must be a finite number, 0 or more.");
        if (options.CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(options), options.CheckpointEverySteps, "CheckpointEverySteps must be 0 or more.");
        foreach (var (name, rate) in new[] { (nameof(options.EcgLearningRate), options.EcgLearningRate), (nameof(options.LogitLearningRate), options.LogitLearningRate) })
            if (rate is { } r && !(r > 0 && double.IsFinite(r)))
                throw new ArgumentOutOfRangeException(nameof(options), r, $"{name} must be a finite positive number, or null for LearningRate.");
        foreach (var (name, value) in new[]
                 {
                     (nameof(options.WeightDecay), options.WeightDecay), (nameof(options.GradientClipNorm), options.GradientClipNorm),
                     (nameof(options.FalseNegativeMitigationWeight), options.FalseNegativeMitigationWeight),
                 })
            if (!(value >= 0 && double.IsFinite(value)))
                throw new ArgumentOutOfRangeException(nameof(options), value, $"{name} must be a finite number, 0 or more.");
        if (!(options.WarmupFraction >= 0 && options.WarmupFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.WarmupFraction, "WarmupFraction must be a share from 0 up to, not including, 1 (the cosine decay needs steps).");
        if (!(options.FalseNegativeMitigationWarmupFraction >= 0 && options.FalseNegativeMitigationWarmupFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.FalseNegativeMitigationWarmupFraction, "FalseNegativeMitigationWarmupFraction must be a share from 0 to 1.");
        int layers = model.TextEncoder.Config.NumHiddenLayers;
        _textTraining = options.ResolveTextEncoderTraining(layers);
        if (_textTraining.Mode == TextEncoderTrainingMode.TopLayers && _textTraining.Layers > layers)
            throw new ArgumentOutOfRangeException(nameof(options), _textTraining.Layers,
                $"TextEncoderTraining {_textTraining} asks for more layers than the text encoder's {layers}.");
    }

    /// <summary>The text-encoder training in effect (the options' choice, or fine-tuning when they leave it open).</summary>
    public TextEncoderTraining TextEncoderTraining => _textTraining;

    private readonly TextEncoderTraining _textTraining;
    private readonly SentenceSampler _sentenceSampler;

    /// <summary>Total optimiser steps of a run of <paramref name="epochs"/> over <paramref name="count"/> pairs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More steps than an <see cref="int"/> holds.</exception>
    public static int TotalStepsOf(int count, int batchSize, int epochs)
    {
        long total = (long)StepsPerEpoch(count, batchSize) * epochs;
        return total <= int.MaxValue
            ? (int)total
            : throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"{epochs} epochs of {StepsPerEpoch(count, batchSize)} steps are {total} steps, more than {int.MaxValue}.");
    }

    /// <summary>Optimiser steps per epoch for <paramref name="count"/> pairs (a trailing batch of one pair is dropped).</summary>
    public static int StepsPerEpoch(int count, int batchSize)
    {
        int steps = count / batchSize;
        if (count % batchSize >= 2) steps++;
        return steps;
    }

    /// <summary>Validation results of the run, one per finished epoch, those before a resume included (empty without a validation set).</summary>
    public IReadOnlyList<ValidationResult> ValidationHistory => _validationHistory;

    /// <summary>The losses of every step of the run, those before a resume included (restored from the checkpoint).</summary>
    public IReadOnlyList<TrainingStepLoss> LossHistory => _lossHistory;

    /// <summary>The checkpoint step the last <see cref="Train"/> resumed from, or null when it started from scratch.</summary>
    public int? ResumedFromStep { get; private set; }

    /// <summary>Optimiser steps of the run done when the last <see cref="Train"/> returned.</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>Optimiser steps of the whole run (all epochs), known once <see cref="Train"/> has started.</summary>
    public int TotalSteps { get; private set; }

    private readonly List<ValidationResult> _validationHistory = new();
    private readonly List<TrainingStepLoss> _lossHistory = new();

    /// <summary>Trains on <paramref name="data"/>; returns the per-step losses of this call.</summary>
    /// <param name="data">Training pairs.</param>
    /// <param name="progress">Receives a report after every step (with validation results at epoch ends).</param>
    /// <param name="cancellationToken">Stops between steps; with a checkpoint directory, the last completed step is saved first.</param>
    /// <param name="validation">Optional held-out pairs evaluated after every epoch.</param>
    /// <exception cref="InvalidOperationException">Fewer than two pairs, or CUDA requested without CUDA.</exception>
    public IReadOnlyList<double> Train(ClepTrainingData data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default,
        ClepValidationSet? validation = null)
    {
        _validationHistory.Clear();
        _lossHistory.Clear();
        ResumedFromStep = null;
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count < 2) throw new InvalidOperationException($"Training needs at least 2 (ECG, report) pairs; got {data.Count}.");
        int leadsExpected = _model.Options.Ecg.InputChannels;
        if (data.LeadCount != leadsExpected)
            throw new InvalidOperationException($"Training data has {data.LeadCount} leads per signal but the ECG encoder expects {leadsExpected}.");

        var device = TorchDeviceResolver.Resolve(_options.Device);
        torch.random.manual_seed(_options.Seed);
        using var precision = new EcgConvolutionTypeScope(_model.EcgEncoder,
            _options.EcgPrecision == TrainingPrecision.BFloat16 ? ScalarType.BFloat16 : null);
        _model.TextEncoder.FreezeLowerLayers(_textTraining.FrozenLayers(_model.TextEncoder.Config.NumHiddenLayers));
        _model.to(device);

        var ecgParams = _model.EcgParameters().Where(p => p.requires_grad).ToList();
        var logitParams = _model.LogitParameters().ToList();
        double ecgLr = _options.EcgLearningRate ?? _options.LearningRate;
        double textLr = _options.LearningRate;
        double logitLr = _options.LogitLearningRate ?? _options.LearningRate;
        // A separate text-encoder rate gets a fourth group, last, so the first three keep their meaning in checkpoints.
        double? encoderLr = _options.TextEncoderLearningRate;
        var textParams = (encoderLr is null ? _model.TextParameters() : _model.TextProjectionParameters()).Where(p => p.requires_grad).ToList();
        var encoderParams = encoderLr is null ? new List<Parameter>() : _model.TextEncoder.parameters().Where(p => p.requires_grad).ToList();
        var parameterGroups = new List<AdamW.ParamGroup>
        {
            new(ecgParams, new AdamW.Options { LearningRate = ecgLr, weight_decay = _options.WeightDecay }),
            new(textParams, new AdamW.Options { LearningRate = textLr, weight_decay = _options.WeightDecay }),
            new(logitParams, new AdamW.Options { LearningRate = logitLr, weight_decay = 0 }),
        };
        if (encoderLr is { } rate) parameterGroups.Add(new(encoderParams, new AdamW.Options { LearningRate = rate, weight_decay = _options.WeightDecay }));
        using var optimizer = new ScalarSafeAdamW(parameterGroups, textLr, _options.WeightDecay);
        var allParams = ecgParams.Concat(textParams).Concat(logitParams).Concat(encoderParams).ToList();
        var groups = optimizer.ParamGroups.ToArray();

        int stepsPerEpoch = StepsPerEpoch(data.Count, _options.BatchSize);
        int totalSteps = TotalSteps = TotalStepsOf(data.Count, _options.BatchSize, _options.Epochs);
        var schedule = new CosineWarmupSchedule(totalSteps, _options.WarmupFraction);
        string? checkpointPath = _options.CheckpointDirectory is null ? null : Path.Combine(_options.CheckpointDirectory, CheckpointFileName);
        if (checkpointPath is not null) ClepCheckpoint.RemoveOrphans(checkpointPath);

        int step = 0;
        if (_options.ResumeFrom is not null)
        {
            // The optimiser state only fits the parameters of the same text-encoder training.
            var before = ClepCheckpoint.ReadHeader(_options.ResumeFrom).TrainerOptions;
            var was = before.ResolveTextEncoderTraining(_model.TextEncoder.Config.NumHiddenLayers);
            if (was != _textTraining)
                throw new InvalidOperationException($"Checkpoint '{_options.ResumeFrom}' was trained with TextEncoderTraining {was}; these options ask for {_textTraining}.");
            // A separate text-encoder rate is a fourth optimiser group; sentence sampling changes what every later step sees.
            if (before.TextEncoderLearningRate != _options.TextEncoderLearningRate)
                throw new InvalidOperationException($"Checkpoint '{_options.ResumeFrom}' was trained with TextEncoderLearningRate " +
                    $"{Describe(before.TextEncoderLearningRate)}; these options ask for {Describe(_options.TextEncoderLearningRate)}.");
            if (before.SentenceSamplingShare != _options.SentenceSamplingShare)
                throw new InvalidOperationException($"Checkpoint '{_options.ResumeFrom}' was trained with SentenceSamplingShare " +
                    $"{before.SentenceSamplingShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}; these options ask for " +
                    $"{_options.SentenceSamplingShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            var header = ClepCheckpoint.Restore(_options.ResumeFrom, _model, optimizer);
            step = header.Step;
            ResumedFromStep = step;
            if (header.Losses is { } restored) _lossHistory.AddRange(restored.Where(l => l.Step <= step));
            if (header.Validation is { } validated) _validationHistory.AddRange(validated);
            _model.to(device);
            if (_options.StopAfterSteps is { } stop && stop <= step && step < totalSteps)
                throw new InvalidOperationException($"StopAfterSteps ({stop}) is not after step {step} of checkpoint '{_options.ResumeFrom}'.");
        }
        CompletedSteps = step;

        // Built after a resume has restored the weights; the frozen encoder gives the same features every time.
        using var frozenText = _textTraining.Mode == TextEncoderTrainingMode.Frozen && step < totalSteps
            ? FrozenTextFeatures.Compute(_model.TextEncoder, _tokenizer,
                Enumerable.Range(0, data.Count).SelectMany(i => _sentenceSampler.Texts(data.Report(i))), device)
            : null;

        int stopAt = Math.Min(totalSteps, _options.StopAfterSteps ?? int.MaxValue);
        var losses = new List<double>();
        var clock = Stopwatch.StartNew();
        int startStep = step;
        int lastSavedStep = step;
        long ecgsSeen = 0;

        var orders = new Dictionary<int, int[]>();
        int[] OrderOf(int e)
        {
            if (orders.TryGetValue(e, out var known)) return known;
            foreach (var old in orders.Keys.Where(k => k < e - 1).ToList()) orders.Remove(old);
            return orders[e] = EpochOrder(data.Count, e);
        }
        using var prefetcher = new SignalBatchPrefetcher(data);
        SetTrainingMode();
        while (step < stopAt)
        {
            int epoch = step / stepsPerEpoch;
            var order = OrderOf(epoch);
            int batchIndex = step % stepsPerEpoch;
            int start = batchIndex * _options.BatchSize;
            int size = Math.Min(_options.BatchSize, data.Count - start);
            if (cancellationToken.IsCancellationRequested)
            {
                // Keep every completed step: the next run resumes exactly here.
                if (checkpointPath is not null && step > lastSavedStep)
                    ClepCheckpoint.Save(checkpointPath, _model, optimizer, Header(step, stepsPerEpoch, totalSteps));
                cancellationToken.ThrowIfCancellationRequested();
            }

            double factor = schedule.Factor(step);
            groups[0].LearningRate = ecgLr * factor;
            groups[1].LearningRate = textLr * factor;
            groups[2].LearningRate = logitLr * factor;
            if (encoderLr is { } peak) groups[3].LearningRate = peak * factor;
            double fnmWeight = FnmWeight(step, totalSteps);

            StepLosses parts;
            using (torch.NewDisposeScope())
            {
                var (signals, reports) = BuildBatch(data, prefetcher.Take(order, start, size), order, start, size, device);
                if (step + 1 < stopAt)
                {
                    int next = step + 1, nextStart = next % stepsPerEpoch * _options.BatchSize;
                    prefetcher.ReadAhead(OrderOf(next / stepsPerEpoch), nextStart, Math.Min(_options.BatchSize, data.Count - nextStart));
                }
                _sentenceSampler.Sample(reports, step);
                optimizer.zero_grad();
                var e = _model.EncodeEcg(signals);
                var t = frozenText is null ? EncodeReports(reports, device) : _model.ProjectText(frozenText.Gather(reports));
                var (loss, contrastive, fnm) = ComputeLoss(e, t, fnmWeight);
                parts = new StepLosses(loss.ToDouble(), contrastive.ToDouble(), fnm?.ToDouble() ?? 0);
                if (!double.IsFinite(parts.Total))
                    throw new InvalidOperationException(NonFiniteStepMessage(step + 1, parts));
                loss.backward();
                double gradientNorm = _options.GradientClipNorm > 0
                    ? torch.nn.utils.clip_grad_norm_(allParams, _options.GradientClipNorm)
                    : torch.nn.utils.clip_grad_norm_(allParams, double.PositiveInfinity);
                if (!double.IsFinite(gradientNorm))
                    throw new InvalidOperationException(NonFiniteGradientMessage(step + 1, parts, gradientNorm));
                optimizer.step();
            }

            step++;
            CompletedSteps = step;
            ecgsSeen += size;
            losses.Add(parts.Total);
            _lossHistory.Add(new TrainingStepLoss(step, epoch, parts.Total, parts.Contrastive, parts.Fnm));

            bool epochEnd = step % stepsPerEpoch == 0;
            ValidationResult? validated = null;
            if (epochEnd && validation is not null)
            {
                validated = Validate(validation, epoch, device, FnmWeight(step - 1, totalSteps));
                _validationHistory.Add(validated);
                SetTrainingMode();
            }
            if (checkpointPath is not null && (epochEnd || (_options.CheckpointEverySteps > 0 && step % _options.CheckpointEverySteps == 0) || step == stopAt))
            {
                ClepCheckpoint.Save(checkpointPath, _model, optimizer, Header(step, stepsPerEpoch, totalSteps));
                lastSavedStep = step;
            }

            if (progress is not null)
            {
                double seconds = Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                double perStep = seconds / (step - startStep);
                progress.Report(new TrainingProgress(epoch, _options.Epochs, step, totalSteps, parts.Total, parts.Contrastive, parts.Fnm,
                    textLr * factor, ecgsSeen / seconds, TimeSpan.FromSeconds(perStep * (stopAt - step)), validated));
            }
        }
        _model.eval();
        return losses;
    }

    private static string Describe(double? rate) => rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null (the text rate)";

    /// <summary>Training mode everywhere but in a frozen text encoder, which runs without dropout like its cached features.</summary>
    private void SetTrainingMode()
    {
        _model.train();
        if (_textTraining.Mode == TextEncoderTrainingMode.Frozen) _model.TextEncoder.eval();
    }

    private ClepCheckpoint.Header Header(int step, int stepsPerEpoch, int totalSteps) =>
        new(step, step / stepsPerEpoch, _options, _model.Options, totalSteps, _lossHistory.ToArray(), _validationHistory.ToArray());

    private readonly record struct StepLosses(double Total, double Contrastive, double Fnm);

    private string NonFiniteStepMessage(int step, StepLosses parts)
    {
        string culprit = !double.IsFinite(parts.Contrastive) ? $"the {_options.Loss} contrastive term is {parts.Contrastive}"
            : !double.IsFinite(parts.Fnm) ? $"the false-negative-mitigation term is {parts.Fnm}"
            : $"the weighted sum is {parts.Total}";
        string parameter = FirstNonFiniteParameter(p => p) is { } name ? $" Parameter {name} holds a non-finite value." : "";
        return $"Training diverged at step {step}: {culprit}.{parameter} Lower the learning rate or check the inputs for NaN.";
    }

    private string NonFiniteGradientMessage(int step, StepLosses parts, double norm)
    {
        string parameter = FirstNonFiniteParameter(p => p.grad) is { } name ? $", first in the gradient of {name}" : "";
        return $"Training diverged at step {step}: the loss was finite ({parts.Total:g6}) but the gradient norm is {norm}{parameter}. " +
               "Nothing was applied. Lower the learning rate or check the inputs.";
    }

    /// <summary>The name of the first parameter whose selected tensor (the value or its gradient) is not finite.</summary>
    private string? FirstNonFiniteParameter(Func<Parameter, Tensor?> select)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (name, parameter) in _model.named_parameters())
        {
            var t = select(parameter);
            if (t is not null && !t.isfinite().all().item<bool>()) return name;
        }
        return null;
    }

    private ValidationResult Validate(ClepValidationSet validation, int epoch, Device device, double fnmWeight)
    {
        _model.eval();
        var pairs = validation.Pairs;
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        double lossSum = 0;
        int batches = 0;
        using (torch.no_grad())
        {
            for (int start = 0; start + 1 < pairs.Count; start += _options.BatchSize)
            {
                int size = Math.Min(_options.BatchSize, pairs.Count - start);
                if (size < 2) break;
                using var scope = torch.NewDisposeScope();
                var (signals, reports) = BuildBatch(pairs, SignalBatchPrefetcher.Read(pairs, order, start, size), order, start, size, device);
                lossSum += ComputeLoss(_model.EncodeEcg(signals), EncodeReports(reports, device), fnmWeight).Total.ToDouble();
                batches++;
            }
        }
        double? auroc = null;
        if (validation.ClassNames is { } classes)
        {
            // A non-owning view of the network for inference; it is not disposed here.
            var view = new ClepEncoder(_model, _tokenizer, new EcgPreprocessorOptions
            {
                Leads = Enumerable.Range(0, pairs.LeadCount).Select(i => StandardLeads.Twelve.ElementAtOrDefault(i) ?? $"L{i}").ToArray(),
                SampleCount = pairs.SampleCount,
            });
            var signals = Enumerable.Range(0, pairs.Count).Select(i => pairs.Signal(i).ToArray()).ToList();
            var prompts = classes.Select(c => new ZeroShotClass(c)).ToList();
            auroc = ZeroShotEvaluation.Evaluate(view, view.EmbedSignals(signals), validation.Labels!, prompts, ensembleOverLeads: false, bootstrap: null).Auroc.Macro;
        }
        return new ValidationResult(epoch, batches == 0 ? double.NaN : lossSum / batches, auroc);
    }

    /// <summary>λ at <paramref name="step"/>: the configured weight, ramped up linearly over the FNM warm-up share of steps.</summary>
    private double FnmWeight(int step, int totalSteps)
    {
        double rampSteps = _options.FalseNegativeMitigationWarmupFraction * totalSteps;
        double ramp = rampSteps <= 0 ? 1 : Math.Min(1, (step + 1) / rampSteps);
        return _options.FalseNegativeMitigationWeight * ramp;
    }

    private ClepLossTerms ComputeLoss(Tensor ecg, Tensor text, double fnmWeight) =>
        ClepLoss.Compute(_options.Loss, ecg, text, _model.LogitScale, _model.LogitBias, fnmWeight);

    /// <summary>The seeded permutation of epoch <paramref name="epoch"/>: a pure function of seed and epoch, so resume needs no state.</summary>
    private int[] EpochOrder(int count, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(_options.Seed * 1_000_003 + epoch * 7919 + 17)).Shuffle(order);
        return order;
    }

    private static (Tensor Signals, string[] Reports) BuildBatch(ClepTrainingData data, float[] buffer, int[] order, int start, int size, Device device)
    {
        var reports = new string[size];
        for (int i = 0; i < size; i++) reports[i] = data.Report(order[start + i]);
        var signals = torch.tensor(buffer, new long[] { size, data.LeadCount, data.SampleCount }, ScalarType.Float32).to(device);
        return (signals, reports);
    }

    /// <summary>Tokenises <paramref name="reports"/> and runs the whole text side: L2-normalised embeddings [B, P].</summary>
    private Tensor EncodeReports(string[] reports, Device device)
    {
        var (ids, mask) = _tokenizer.Encode(reports).ToTensors(device);
        return _model.EncodeText(ids, mask);
    }
}
