namespace FgClep.Evaluation;

/// <summary>The linear probe at one training fraction: test macro AUROC over the evaluated labels, its bootstrap interval and the per-label details.</summary>
/// <param name="Fraction">The share of the training split asked for.</param>
/// <param name="TrainCount">Records actually trained on (may exceed the share to keep every label represented).</param>
/// <param name="TestMacroAuroc">Mean test AUROC over the evaluated labels; NaN when none could be evaluated.</param>
/// <param name="Bootstrap">Percentile intervals of the test macro AUROC and AUPRC over the evaluated labels; null when disabled or nothing was evaluated.</param>
/// <param name="SharedL2">The L2 weight chosen for all labels on validation; null with <see cref="LinearProbeOptions.SelectL2PerLabel"/>.</param>
/// <param name="Labels">Every class, in class order, evaluated or with its exclusion reason.</param>
public sealed record LinearProbeResult(
    double Fraction, int TrainCount, double TestMacroAuroc, BootstrapResult? Bootstrap, float? SharedL2, IReadOnlyList<LinearProbeLabelResult> Labels)
{
    /// <summary>Names of the labels left out of the macro average.</summary>
    public IReadOnlyList<string> ExcludedLabels => Labels.Where(l => !l.IsEvaluated).Select(l => l.Name).ToArray();
}
