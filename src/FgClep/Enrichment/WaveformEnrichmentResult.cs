namespace FgClep.Enrichment;

/// <summary>The verification of one record's candidate waveform features.</summary>
/// <param name="Candidates">The proposed features (trimmed, empties and case-insensitive repeats removed), in proposal order.</param>
/// <param name="Probabilities">P = σ(exp(t')·cos(e, t_feature) + b) of each candidate for this ECG (its calibrated value with <see cref="Verification.WaveformVerifierOptions.Calibration"/>), aligned with <paramref name="Candidates"/>.</param>
/// <param name="Verified">The candidates kept (P above the threshold, at most TopK), in proposal order.</param>
/// <param name="VerifiedProbabilities">P of each verified feature, aligned with <paramref name="Verified"/>.</param>
public sealed record WaveformEnrichmentResult(
    IReadOnlyList<string> Candidates,
    IReadOnlyList<float> Probabilities,
    IReadOnlyList<string> Verified,
    IReadOnlyList<float> VerifiedProbabilities)
{
    /// <summary>A record without candidates (e.g. its report was skipped).</summary>
    public static WaveformEnrichmentResult Empty { get; } = new(Array.Empty<string>(), Array.Empty<float>(), Array.Empty<string>(), Array.Empty<float>());
}
