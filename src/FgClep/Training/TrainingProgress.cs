using FgClep.Modeling.Losses;

namespace FgClep.Training;

/// <summary>One progress report of <see cref="ClepTrainer"/>, sent after every optimiser step.</summary>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Optimiser steps done so far (one-based after the first step).</param>
/// <param name="TotalSteps">Total optimiser steps of the run.</param>
/// <param name="Loss">Total loss of the step.</param>
/// <param name="ContrastiveLoss">The sigmoid (or InfoNCE) part.</param>
/// <param name="FalseNegativeMitigationLoss">The FNM part before weighting by λ (0 when not used).</param>
/// <param name="LearningRate">Learning rate of the text side at this step.</param>
/// <param name="EcgsPerSecond">Training throughput since the run (or resume) started.</param>
/// <param name="Remaining">Estimated time left.</param>
/// <param name="Validation">Set on the last step of an epoch when a validation set was given.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int TotalSteps, double Loss, double ContrastiveLoss, double FalseNegativeMitigationLoss,
    double LearningRate, double EcgsPerSecond, TimeSpan Remaining, ValidationResult? Validation = null);
