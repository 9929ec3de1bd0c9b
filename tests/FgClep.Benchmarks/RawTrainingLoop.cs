using System.Diagnostics;
using FgClep.Modeling;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// The reference: the optimiser step of <see cref="ClepTrainer"/> (same model, initial weights, loss, AdamW parameter groups
/// and gradient clipping) on tensors built once up front, so it measures TorchSharp alone.
/// </summary>
internal sealed class RawTrainingLoop : IDisposable
{
    private readonly ClepModelOptions _modelOptions;
    private readonly ClepTrainerOptions _options;
    private readonly (Tensor Signals, Tensor Ids, Tensor Mask)[] _batches;

    public RawTrainingLoop(ClepModelOptions modelOptions, ClepTrainerOptions options, ReportTokenizer tokenizer, float[][] signals, string[] reports)
    {
        _modelOptions = modelOptions;
        _options = options;
        int batch = options.BatchSize, per = SyntheticPairs.Leads * SyntheticPairs.Samples;
        _batches = new (Tensor, Tensor, Tensor)[signals.Length / batch];
        for (int b = 0; b < _batches.Length; b++)
        {
            var buffer = new float[batch * per];
            for (int i = 0; i < batch; i++) signals[b * batch + i].CopyTo(buffer, i * per);
            var (ids, mask) = tokenizer.Encode(reports.Skip(b * batch).Take(batch).ToArray()).ToTensors();
            _batches[b] = (torch.tensor(buffer, new long[] { batch, SyntheticPairs.Leads, SyntheticPairs.Samples }), ids, mask);
        }
    }

    public int BatchCount => _batches.Length;

    /// <summary>
    /// Builds a fresh model and optimiser, seeded like the estimator (so the same initial weights), and runs one untimed
    /// step so the optimiser state exists; the session then steps through the pre-built batches in turn.
    /// </summary>
    public Session Begin() => new(this);

    internal sealed class Session : IDisposable
    {
        private readonly RawTrainingLoop _owner;
        private readonly ClepModel _model;
        private readonly optim.Optimizer _optimizer;
        private readonly List<Parameter> _parameters;
        private int _next;

        public Session(RawTrainingLoop owner)
        {
            _owner = owner;
            var options = owner._options;
            torch.random.manual_seed(options.Seed);
            _model = new ClepModel(owner._modelOptions);
            var ecg = _model.EcgParameters().ToList();
            var text = _model.TextParameters().ToList();
            var logit = _model.LogitParameters().ToList();
            _parameters = ecg.Concat(text).Concat(logit).ToList();
            _optimizer = new ScalarSafeAdamW(new[]
            {
                new AdamW.ParamGroup(ecg, new AdamW.Options { LearningRate = options.EcgLearningRate ?? options.LearningRate, weight_decay = options.WeightDecay }),
                new AdamW.ParamGroup(text, new AdamW.Options { LearningRate = options.LearningRate, weight_decay = options.WeightDecay }),
                new AdamW.ParamGroup(logit, new AdamW.Options { LearningRate = options.LogitLearningRate ?? options.LearningRate, weight_decay = 0 }),
            }, options.LearningRate, options.WeightDecay);
            _model.train();
            Sink += owner.Step(_model, _optimizer, _parameters, owner._batches[0]);
        }

        /// <summary>Sum of the losses, so no step can be optimised away.</summary>
        public double Sink { get; private set; }

        /// <summary>Runs one step on the next pre-built batch; returns its seconds.</summary>
        public double Step()
        {
            var batch = _owner._batches[_next];
            _next = (_next + 1) % _owner._batches.Length;
            long start = Stopwatch.GetTimestamp();
            Sink += _owner.Step(_model, _optimizer, _parameters, batch);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
        }
    }

    private double Step(ClepModel model, optim.Optimizer optimizer, List<Parameter> parameters, (Tensor Signals, Tensor Ids, Tensor Mask) batch)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var (loss, contrastive, fnm) = ClepLoss.Compute(_options.Loss, model.EncodeEcg(batch.Signals),
            model.EncodeText(batch.Ids, batch.Mask), model.LogitScale, model.LogitBias, _options.FalseNegativeMitigationWeight);
        loss.backward();
        if (_options.GradientClipNorm > 0) torch.nn.utils.clip_grad_norm_(parameters, _options.GradientClipNorm);
        optimizer.step();
        return loss.ToDouble() + contrastive.ToDouble() + (fnm?.ToDouble() ?? 0);
    }

    public void Dispose()
    {
        foreach (var (s, i, m) in _batches) { s.Dispose(); i.Dispose(); m.Dispose(); }
    }
}
