using System.Globalization;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;

namespace FgClep.Enrichment;

/// <summary>What an enrichment run did (<see cref="FgClep.MLNet.WaveformEnrichmentTransformer.Statistics"/>).</summary>
/// <param name="Records">Rows read.</param>
/// <param name="UniqueReports">Distinct non-empty normalised reports (<see cref="ProposalCache.NormalizeReport"/>).</param>
/// <param name="ProposerCalls">Proposer calls made (distinct reports not found in the cache, failed calls included).</param>
/// <param name="CacheHits">Distinct reports answered from the proposal cache.</param>
/// <param name="SkippedReports">Distinct reports left without candidates: empty or punctuation-only text (counted once
/// together), a proposer failure, or an answer without a usable list (e.g. a report in a language the proposer does
/// not read). Each is logged.</param>
/// <param name="SkippedRecords">Rows without candidates (their report passes through unchanged).</param>
/// <param name="UniqueFeatures">Distinct candidate texts embedded by the text encoder (each once).</param>
/// <param name="Candidates">Candidate features over all rows.</param>
/// <param name="Verified">Verified features over all rows.</param>
/// <param name="EnrichedRecords">Rows with at least one verified feature (their report was extended).</param>
public sealed record EnrichmentStatistics(
    int Records,
    int UniqueReports,
    int ProposerCalls,
    int CacheHits,
    int SkippedReports,
    int SkippedRecords,
    int UniqueFeatures,
    long Candidates,
    long Verified,
    int EnrichedRecords)
{
    /// <summary>Mean candidates per row (0 without rows).</summary>
    public double CandidatesPerRecord => Records == 0 ? 0 : Candidates / (double)Records;

    /// <summary>Mean verified features per row (0 without rows).</summary>
    public double VerifiedPerRecord => Records == 0 ? 0 : Verified / (double)Records;

    /// <summary>The verification threshold used (NaN when not recorded).</summary>
    public double Threshold { get; init; } = double.NaN;

    /// <summary>The highest verification probability of any candidate (NaN without candidates or when not recorded).</summary>
    public double HighestProbability { get; init; } = double.NaN;

    /// <summary>A one-line summary, with a hint when candidates were proposed but none was verified.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0} records, {1} unique reports, {2} proposer calls, {3} cache hits, {4} skipped reports ({5} records), {6} unique features, " +
        "{7:F2} candidates and {8:F2} verified per record, {9} records enriched",
        Records, UniqueReports, ProposerCalls, CacheHits, SkippedReports, SkippedRecords, UniqueFeatures, CandidatesPerRecord, VerifiedPerRecord, EnrichedRecords)
        + (NothingVerifiedHint(Candidates, Verified, Threshold, HighestProbability) is { } hint ? ". " + hint : "");

    /// <summary>
    /// Why no candidate was kept and what to do about it, or null when some were (or none was proposed). A short or tiny
    /// stage-1 run leaves every probability near σ(b), the learned bias, far below a threshold such as 0.5.
    /// </summary>
    /// <param name="candidates">Candidates over all rows.</param>
    /// <param name="verified">Verified features over all rows.</param>
    /// <param name="threshold">The threshold used, or NaN.</param>
    /// <param name="highestProbability">The highest candidate probability, or NaN.</param>
    /// <param name="setting">How the reader sets the threshold (e.g. <c>--threshold</c> on the command line).</param>
    internal static string? NothingVerifiedHint(long candidates, long verified, double threshold, double highestProbability,
        string setting = "the threshold")
    {
        if (candidates == 0 || verified > 0) return null;
        var inv = CultureInfo.InvariantCulture;
        string what = double.IsNaN(threshold) ? "the threshold" : string.Create(inv, $"the threshold {threshold:G3}");
        string highest = double.IsNaN(highestProbability) ? "" : string.Create(inv, $" (the highest probability was {highestProbability:G3})");
        return $"No candidate exceeded {what}{highest}: lower {setting}, or choose it on labelled validation records " +
               "(WaveformFeatureVerifier.ThresholdFromValidation); probabilities all near σ(b) mean the stage-1 model needs more training";
    }
}
