using static TorchSharp.torch;

namespace FgClep.Modeling.Losses;

/// <summary>
/// The pre-training objectives in one place: each <see cref="ClepLossKind"/>, its command-line name, and how its terms
/// combine. Adding an objective means a new kind, a name here and a case in <see cref="Compute"/>.
/// </summary>
public static class ClepLoss
{
    /// <summary>The names of the kinds on command lines, in <see cref="ClepLossKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sigmoid-fnm", "sigmoid", "infonce"];

    /// <summary>The command-line name of <paramref name="kind"/> (<c>sigmoid-fnm</c>, <c>sigmoid</c>, <c>infonce</c>).</summary>
    public static string NameOf(ClepLossKind kind) => kind switch
    {
        ClepLossKind.SigmoidWithFalseNegativeMitigation => Names[0],
        ClepLossKind.Sigmoid => Names[1],
        ClepLossKind.InfoNce => Names[2],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss kind."),
    };

    /// <summary>The kind named <paramref name="name"/>; the error lists the names there are.</summary>
    public static ClepLossKind Parse(string name)
    {
        foreach (var kind in Enum.GetValues<ClepLossKind>())
            if (string.Equals(NameOf(kind), name, StringComparison.OrdinalIgnoreCase)) return kind;
        throw new ArgumentException($"Unknown loss '{name}': expected one of {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>
    /// The loss of one batch of paired, L2-normalised embeddings (row i of <paramref name="ecg"/> belongs with row i of
    /// <paramref name="text"/>), computed in float32. <paramref name="fnmWeight"/> is λ, used only by
    /// <see cref="ClepLossKind.SigmoidWithFalseNegativeMitigation"/>: total = sigmoid loss + λ × FNM.
    /// </summary>
    public static ClepLossTerms Compute(ClepLossKind kind, Tensor ecg, Tensor text, Tensor logitScale, Tensor logitBias, double fnmWeight)
    {
        var e = ecg.to(ScalarType.Float32);
        var t = text.to(ScalarType.Float32);
        switch (kind)
        {
            case ClepLossKind.SigmoidWithFalseNegativeMitigation:
                var sigmoid = SigmoidContrastiveLoss.Compute(e, t, logitScale, logitBias);
                var fnm = FalseNegativeMitigationLoss.Compute(e, t);
                return new ClepLossTerms(sigmoid + fnmWeight * fnm, sigmoid, fnm);
            case ClepLossKind.Sigmoid:
                var alone = SigmoidContrastiveLoss.Compute(e, t, logitScale, logitBias);
                return new ClepLossTerms(alone, alone, null);
            case ClepLossKind.InfoNce:
                var infoNce = InfoNceLoss.Compute(e, t, logitScale);
                return new ClepLossTerms(infoNce, infoNce, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss kind.");
        }
    }
}
