namespace FgClep.Modeling.Losses;

/// <summary>Which pre-training objective to optimise.</summary>
public enum ClepLossKind
{
    /// <summary>Sigmoid contrastive loss plus λ × false-negative mitigation (FG-CLEP, the default).</summary>
    SigmoidWithFalseNegativeMitigation,

    /// <summary>Sigmoid contrastive loss alone.</summary>
    Sigmoid,

    /// <summary>Symmetric InfoNCE (CLIP) loss without false-negative mitigation: the paper's ablation baseline.</summary>
    InfoNce,
}
