namespace FgClep.Training;

/// <summary>Optimisation settings of <see cref="ClepTrainer"/>. Defaults are the paper's where it states them.</summary>
public sealed record ClepTrainerOptions
{
    /// <summary>Passes over the training data. Default 10 (paper, stage 1; stage 2 uses 3).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Pairs per batch. Default 100 (paper). A final batch of one pair is dropped: the contrastive loss is degenerate there.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Peak AdamW learning rate. Default 2e-5 (paper).</summary>
    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Peak learning rate of the ECG side (randomly initialised); null = <see cref="LearningRate"/>.</summary>
    public double? EcgLearningRate { get; init; }

    /// <summary>Peak learning rate of the logit scale t' and bias b (no weight decay); null = <see cref="LearningRate"/>.
    /// Short runs need a larger value: from b = −10 the bias moves at most about one learning rate per step.</summary>
    public double? LogitLearningRate { get; init; }

    /// <summary>AdamW weight decay. Default 1e-4 (paper).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Share of steps spent in linear warm-up before the cosine decay. Default 0.1 (paper).</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Maximum global gradient L2 norm; 0 disables clipping. Default 1.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>The objective. Default sigmoid + false-negative mitigation.</summary>
    public ClepLossKind Loss { get; init; } = ClepLossKind.SigmoidWithFalseNegativeMitigation;

    /// <summary>Weight λ of the false-negative-mitigation term. Default 1.</summary>
    public double FalseNegativeMitigationWeight { get; init; } = 1.0;

    /// <summary>
    /// Share of steps over which λ ramps linearly from 0 to <see cref="FalseNegativeMitigationWeight"/>. Default 0 (the paper: full λ
    /// from the start). With a randomly initialised text encoder the report similarities S are meaningless at first (all reports look
    /// alike), so FNM would pull every ECG towards every report; a ramp lets the contrastive loss shape the text space first.
    /// </summary>
    public double FalseNegativeMitigationWarmupFraction { get; init; }

    /// <summary>Seed of weight initialisation, batch order and dropout. Same seed on CPU ⇒ same result. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary><c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c>. CUDA needs the CUDA backend (build with -p:FgClepTorchBackend=cuda).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Freeze the text embeddings and the first N BERT layers. Default 0.</summary>
    public int FreezeTextLayers { get; init; }

    /// <summary>Folder for checkpoints; null = no checkpoints.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Also checkpoint every N optimiser steps (0 = only at the end of each epoch).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>A checkpoint file to continue from; training resumes at its step with its optimiser and RNG state.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Stop after this many optimiser steps in total (for time-boxed runs); null = train all epochs.</summary>
    public int? StopAfterSteps { get; init; }
}
