using System.Diagnostics;
using FgClep.Modeling;
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
    /// Builds a fresh model and optimiser (seeded like the estimator, so the same initial weights), runs one step per
    /// pre-built batch and returns each step's seconds; the losses go into <paramref name="sink"/>.
    /// </summary>
    public double[] Run(ref double sink)
    {
        torch.random.manual_seed(_options.Seed);
        using var model = new ClepModel(_modelOptions);
        var ecg = model.EcgParameters().ToList();
        var text = model.TextAndLogitParameters().ToList();
        var parameters = ecg.Concat(text).ToList();
        using var optimizer = torch.optim.AdamW(new[]
        {
            new AdamW.ParamGroup(ecg, new AdamW.Options { LearningRate = _options.EcgLearningRate ?? _options.LearningRate, weight_decay = _options.WeightDecay }),
            new AdamW.ParamGroup(text, new AdamW.Options { LearningRate = _options.LearningRate, weight_decay = _options.WeightDecay }),
        }, lr: _options.LearningRate, weight_decay: _options.WeightDecay);
        torch.random.manual_seed(_options.Seed);
        model.train();

        var seconds = new double[_batches.Length];
        for (int b = 0; b < _batches.Length; b++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += Step(model, optimizer, parameters, _batches[b]);
            seconds[b] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return seconds;
    }

    private double Step(ClepModel model, optim.Optimizer optimizer, List<Parameter> parameters, (Tensor Signals, Tensor Ids, Tensor Mask) batch)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var e = model.EncodeEcg(batch.Signals).to(ScalarType.Float32);
        var t = model.EncodeText(batch.Ids, batch.Mask).to(ScalarType.Float32);
        var contrastive = SigmoidContrastiveLoss.Compute(e, t, model.LogitScale, model.LogitBias);
        var fnm = FalseNegativeMitigationLoss.Compute(e, t);
        var loss = contrastive + _options.FalseNegativeMitigationWeight * fnm;
        loss.backward();
        if (_options.GradientClipNorm > 0) torch.nn.utils.clip_grad_norm_(parameters, _options.GradientClipNorm);
        optimizer.step();
        return loss.ToDouble() + contrastive.ToDouble() + fnm.ToDouble();
    }

    public void Dispose()
    {
        foreach (var (s, i, m) in _batches) { s.Dispose(); i.Dispose(); m.Dispose(); }
    }
}
