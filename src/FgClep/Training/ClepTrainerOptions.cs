using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;

namespace FgClep.Training;

/// <summary>Optimisation settings of <see cref="ClepTrainer"/>. Defaults are the paper's where it states them.</summary>
public sealed record ClepTrainerOptions
{
    /// <summary>Passes over the training data, ≥ 1. Default 10 (paper, stage 1; stage 2 uses 3).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Pairs per batch, ≥ 2. Default 100 (paper). A final batch of one pair is dropped: the contrastive loss is degenerate there.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Peak AdamW learning rate, finite and &gt; 0 (sensible sweeps: 1e-5 to 1e-3). Default 2e-5 (paper).</summary>
    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Peak learning rate of the ECG side (randomly initialised), finite and &gt; 0; null = <see cref="LearningRate"/>.</summary>
    public double? EcgLearningRate { get; init; }

    /// <summary>
    /// Peak learning rate of the text encoder's trainable layers (with <see cref="FgClep.Training.TextEncoderTraining.FineTune"/> or
    /// <see cref="FgClep.Training.TextEncoderTraining.TopLayers"/>); the text projection keeps <see cref="LearningRate"/>. Null (default) =
    /// <see cref="LearningRate"/> for both. A pretrained encoder usually wants a rate well below that of its new projection.
    /// </summary>
    public double? TextEncoderLearningRate { get; init; }

    /// <summary>Peak learning rate of the logit scale t' and bias b (no weight decay); null = <see cref="LearningRate"/>.
    /// Short runs need a larger value: from b = −10 the bias moves at most about one learning rate per step.</summary>
    public double? LogitLearningRate { get; init; }

    /// <summary>AdamW weight decay, finite and ≥ 0. Default 1e-4 (paper).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Share of steps spent in linear warm-up before the cosine decay, from 0 up to (not including) 1. Default 0.1 (paper).</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Maximum global gradient L2 norm, finite and ≥ 0; 0 disables clipping. Default 1.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>The objective. Default sigmoid + false-negative mitigation.</summary>
    public ClepLossKind Loss { get; init; } = ClepLossKind.SigmoidWithFalseNegativeMitigation;

    /// <summary>Weight λ of the false-negative-mitigation term, finite and ≥ 0 (sensible sweeps: 0.01 to 1). Default 1.</summary>
    public double FalseNegativeMitigationWeight { get; init; } = 1.0;

    /// <summary>
    /// Share of steps (0–1) over which λ ramps linearly from 0 to <see cref="FalseNegativeMitigationWeight"/>. Default 0 (the paper: full λ
    /// from the start). With a randomly initialised text encoder the report similarities S are meaningless at first (all reports look
    /// alike), so FNM would pull every ECG towards every report; a ramp lets the contrastive loss shape the text space first.
    /// </summary>
    public double FalseNegativeMitigationWarmupFraction { get; init; }

    /// <summary>
    /// Share (0–1) of training pairs whose text, at each step, is one sentence drawn at random from the report instead of
    /// the whole report (ConVIRT's text augmentation). Default 0: the paper trains on whole reports. Sentence sampling
    /// teaches the model single statements ("Left axis deviation."), which is what <see cref="FgClep.Enrichment.Verification.WaveformFeatureVerifier"/>
    /// scores in FG-CLEP's verification step. Reports of one sentence are always used whole. Validation uses whole reports.
    /// </summary>
    public double SentenceSamplingShare { get; init; }

    /// <summary>Seed of weight initialisation, batch order and dropout. Same seed on CPU ⇒ same result. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary><c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c>. CUDA needs the CUDA backend (build with -p:FgClepTorchBackend=cuda).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// The number type of the ECG encoder's convolutions while training: <see cref="TrainingPrecision.Float32"/> (default) or
    /// <see cref="TrainingPrecision.BFloat16"/> (mixed precision with float32 weights; see the benchmarks' <c>bf16</c> figures).
    /// </summary>
    public TrainingPrecision EcgPrecision { get; init; } = TrainingPrecision.Float32;

    /// <summary>
    /// Which part of the text encoder trains: <see cref="FgClep.Training.TextEncoderTraining.FineTune"/>, <see cref="FgClep.Training.TextEncoderTraining.Frozen"/>
    /// (each unique report is encoded once and cached; only the text projection trains on the text side) or
    /// <see cref="FgClep.Training.TextEncoderTraining.TopLayers"/>. Default null: <see cref="FgClep.MLNet.FgClepPretrainEstimator"/> picks
    /// <see cref="FgClep.Training.TextEncoderTraining.Frozen"/> for a <see cref="FgClep.MLNet.FgClepPretrainOptions.PretrainedTextEncoder"/> (a sentence-embedding
    /// model, already good at what it is used for, that a few hundred pairs can only damage) and
    /// <see cref="FgClep.Training.TextEncoderTraining.FineTune"/> otherwise (a random encoder must learn; a Hugging Face BERT such as Bio_ClinicalBERT
    /// is a masked-language model whose pooled output the paper fine-tunes; stage 2 continues like stage 1 of the paper).
    /// <see cref="ClepTrainer"/> on its own reads null as <see cref="FgClep.Training.TextEncoderTraining.FineTune"/> (or <see cref="FreezeTextLayers"/> when set).
    /// </summary>
    public TextEncoderTraining? TextEncoderTraining { get; init; }

    /// <summary>Superseded by <see cref="TextEncoderTraining"/> (kept so older configs and checkpoints read the same): freeze the text
    /// embeddings and the first N BERT layers; used only when <see cref="TextEncoderTraining"/> is null. Default 0.</summary>
    [Obsolete("Use TextEncoderTraining = TextEncoderTraining.TopLayers(layerCount - N), or TextEncoderTraining.Frozen.")]
    public int FreezeTextLayers { get; init; }

    /// <summary>Folder for checkpoints; null = no checkpoints.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Also checkpoint every N optimiser steps (0 = only at the end of each epoch).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>A checkpoint file to continue from; training resumes at its step with its optimiser and RNG state.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Stop after this many optimiser steps in total (for time-boxed runs); null = train all epochs.</summary>
    public int? StopAfterSteps { get; init; }

    /// <summary>
    /// The text-encoder training of these options for an encoder of <paramref name="layerCount"/> layers: <see cref="TextEncoderTraining"/>,
    /// else the legacy <see cref="FreezeTextLayers"/> (all layers frozen reads as <see cref="FgClep.Training.TextEncoderTraining.Frozen"/>), else fine-tuning.
    /// </summary>
    internal TextEncoderTraining ResolveTextEncoderTraining(int layerCount)
    {
        if (TextEncoderTraining is { } chosen) return chosen;
#pragma warning disable CS0618 // the legacy option is read here only
        int frozen = FreezeTextLayers;
#pragma warning restore CS0618
        if (frozen <= 0) return TextEncoderTraining.FineTune;
        return frozen >= layerCount ? TextEncoderTraining.Frozen : TextEncoderTraining.TopLayers(layerCount - frozen);
    }
}
