using FgClep.Modeling.Losses;

namespace FgClep.Training;

/// <summary>The losses of one optimiser step, as kept in a run's history (and in its checkpoints).</summary>
/// <param name="Step">One-based step.</param>
/// <param name="Epoch">Zero-based epoch of the step.</param>
/// <param name="Loss">Total loss.</param>
/// <param name="ContrastiveLoss">The sigmoid (or InfoNCE) part.</param>
/// <param name="FalseNegativeMitigationLoss">The FNM part before weighting by λ (0 when not used).</param>
public sealed record TrainingStepLoss(int Step, int Epoch, double Loss, double ContrastiveLoss, double FalseNegativeMitigationLoss);
