using FgClep.Datasets.Synthetic;

namespace FgClep.Enrichment.Verification;

/// <summary>Settings of <see cref="WaveformFeatureVerifier"/>.</summary>
public sealed record WaveformVerifierOptions
{
    /// <summary>
    /// A candidate feature is kept when P = σ(exp(t')·cos(e, t_feature) + b) is strictly above this value. Default 0.5:
    /// the decision boundary of the sigmoid loss the model was trained with (logit &gt; 0, "more likely a matching pair
    /// than not"). The paper gives no value; this is our choice. Pick a data-driven value with
    /// <see cref="WaveformFeatureVerifier.ThresholdFromValidation"/> when labelled validation records exist.
    /// </summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Most features kept per record (the highest P among those above <see cref="Threshold"/>); null (default) keeps all.</summary>
    public int? TopK { get; init; }

    /// <summary>
    /// Per-feature calibration of P (from <see cref="WaveformFeatureVerifier.FitCalibration"/>); null (default) thresholds the
    /// model's P as the paper does. With a calibration, P is comparable across features and the default threshold of 0.5
    /// means "more likely present than not".
    /// </summary>
    public WaveformFeatureCalibration? Calibration { get; init; }

    internal void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The verification threshold is a probability: expected a value from 0 to 1.");
        if (TopK is < 1)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be at least 1, or null to keep every feature above the threshold.");
    }
}
