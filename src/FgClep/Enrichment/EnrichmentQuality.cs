using System.Globalization;
using FgClep.IO;

namespace FgClep.Enrichment;

/// <summary>
/// Quality of proposed and verified waveform features against ground truth (e.g. the synthetic generator's
/// <c>EcgRecord.WaveformFeatures</c>), micro-averaged over records: every (record, feature) pair counts once.
/// </summary>
/// <remarks>
/// Features are compared trimmed and case-insensitively (ordinal); repeats within one record's list count once.
/// A ratio whose denominator is zero (nothing proposed, nothing verified, no ground truth) is <see cref="double.NaN"/>.
/// </remarks>
/// <param name="Records">Number of records measured.</param>
/// <param name="PrecisionProposed">Σ|proposed ∩ truth| / Σ|proposed|: how many proposals are really present.</param>
/// <param name="RecallProposed">Σ|proposed ∩ truth| / Σ|truth|: the most recall verification can reach.</param>
/// <param name="PrecisionVerified">Σ|verified ∩ truth| / Σ|verified|.</param>
/// <param name="RecallVerified">Σ|verified ∩ truth| / Σ|truth|.</param>
/// <param name="CandidatesPerRecord">Mean number of distinct proposed features per record.</param>
/// <param name="VerifiedPerRecord">Mean number of distinct verified features per record.</param>
public sealed record EnrichmentQuality(
    int Records,
    double PrecisionProposed,
    double RecallProposed,
    double PrecisionVerified,
    double RecallVerified,
    double CandidatesPerRecord,
    double VerifiedPerRecord)
{
    /// <summary>Harmonic mean of <see cref="PrecisionVerified"/> and <see cref="RecallVerified"/> (0 when both are 0, NaN when either is undefined).</summary>
    public double F1Verified => PrecisionVerified + RecallVerified == 0 ? 0 : 2 * PrecisionVerified * RecallVerified / (PrecisionVerified + RecallVerified);

    /// <summary>Measures proposals and verified features against ground truth, one list of each per record.</summary>
    /// <param name="proposed">Candidate features per record (a null list counts as empty).</param>
    /// <param name="verified">Verified features per record.</param>
    /// <param name="truth">Features truly present per record.</param>
    /// <exception cref="ArgumentException">The three lists differ in length.</exception>
    public static EnrichmentQuality Measure(
        IReadOnlyList<IReadOnlyList<string>> proposed,
        IReadOnlyList<IReadOnlyList<string>> verified,
        IReadOnlyList<IReadOnlyList<string>> truth)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(truth);
        if (proposed.Count != truth.Count || verified.Count != truth.Count)
            throw new ArgumentException($"Expected one list per record in each argument; got {proposed.Count} proposed, {verified.Count} verified and {truth.Count} ground-truth lists.");

        long proposedCount = 0, proposedHits = 0, verifiedCount = 0, verifiedHits = 0, truthCount = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            var present = Distinct(truth[i]);
            var p = Distinct(proposed[i]);
            var v = Distinct(verified[i]);
            truthCount += present.Count;
            proposedCount += p.Count;
            verifiedCount += v.Count;
            proposedHits += p.Count(present.Contains);
            verifiedHits += v.Count(present.Contains);
        }

        int n = truth.Count;
        return new EnrichmentQuality(
            n,
            Ratio(proposedHits, proposedCount),
            Ratio(proposedHits, truthCount),
            Ratio(verifiedHits, verifiedCount),
            Ratio(verifiedHits, truthCount),
            n == 0 ? double.NaN : proposedCount / (double)n,
            n == 0 ? double.NaN : verifiedCount / (double)n);
    }

    /// <summary>The comparer features are matched with (after trimming).</summary>
    internal static StringComparer FeatureComparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Trimmed, non-empty, case-insensitively distinct features.</summary>
    internal static HashSet<string> Distinct(IReadOnlyList<string>? features)
    {
        var set = new HashSet<string>(FeatureComparer);
        if (features is null) return set;
        foreach (var f in features)
        {
            var t = f?.Trim();
            if (!string.IsNullOrEmpty(t)) set.Add(t);
        }
        return set;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : numerator / (double)denominator;

    /// <summary>A one-line summary.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0} records: proposed precision {1:F3}, recall {2:F3}; verified precision {3:F3}, recall {4:F3}, F1 {5:F3}; {6:F2} candidates and {7:F2} verified per record",
        Records, PrecisionProposed, RecallProposed, PrecisionVerified, RecallVerified, F1Verified, CandidatesPerRecord, VerifiedPerRecord);
}
