using TorchSharp;

namespace FgClep.Modeling.Losses;

/// <summary>
/// One step's loss: <see cref="Total"/> (what is back-propagated), its contrastive part, and the false-negative mitigation
/// term before weighting (null when the objective has none).
/// </summary>
public readonly record struct ClepLossTerms(torch.Tensor Total, torch.Tensor Contrastive, torch.Tensor? FalseNegativeMitigation);
