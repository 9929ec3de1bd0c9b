namespace FgClep.Evaluation;

/// <summary>Settings of <see cref="LinearProbe"/>.</summary>
public sealed record LinearProbeOptions
{
    /// <summary>Shares of the training split to train on, each in (0, 1]. Default 1 %, 10 % and 100 %.</summary>
    public IReadOnlyList<double> Fractions { get; init; } = new[] { 0.01, 0.1, 1.0 };

    /// <summary>L2 weights tried for every label; the best on the validation split is reported on test. Default 10⁻³ … 10.</summary>
    public IReadOnlyList<float> L2Grid { get; init; } = new[] { 1e-3f, 1e-2f, 1e-1f, 1f, 10f };

    /// <summary>
    /// False (default): one L2 per fraction, the one with the best validation macro AUROC over the labels.
    /// True: each label gets the L2 with its own best validation AUROC (the shared choice where its validation AUROC is undefined).
    /// </summary>
    public bool SelectL2PerLabel { get; init; }

    /// <summary>The trainer per label; null for <c>LbfgsLogisticRegression</c> with the given L2 and no L1.</summary>
    public LinearProbeTrainerFactory? TrainerFactory { get; init; }

    /// <summary>Seed of the training subsets. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// 0 (default): a share is a plain seeded random subset of the training rows (the MERL protocol), and a label with no
    /// positive in it is excluded with the reason. Above 0: positives (and negatives) every label is given in a subset when
    /// the training split has them, added beyond the share.
    /// </summary>
    public int MinExamplesPerLabel { get; init; }

    /// <summary>Bootstrap of the test macro AUROC/AUPRC; null for no confidence intervals. Default 1,000 resamples, seed 0.</summary>
    public BootstrapOptions? Bootstrap { get; init; } = new();
}
