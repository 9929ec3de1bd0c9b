using System.Globalization;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Too many reports failed: the proposer threw for more than the allowed share of the distinct reports of a run
/// (<see cref="CachedProposalRunner.MaxFailedShare"/>). The answers received before are kept in the cache.
/// </summary>
public sealed class ProposerFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failed">Distinct reports whose request failed.</param>
    /// <param name="total">Distinct non-empty reports of the run.</param>
    /// <param name="maxFailedShare">The share of failures allowed (0 to 1).</param>
    /// <param name="lastError">The last failure.</param>
    public ProposerFailedException(int failed, int total, double maxFailedShare, Exception? lastError)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"{failed} of {total} distinct reports failed ({100.0 * failed / Math.Max(1, total):0.#} %), more than the {100 * maxFailedShare:0.#} % allowed") +
            (lastError is null ? "." : $"; last error: {lastError.Message}"), lastError)
    {
        Failed = failed;
        Total = total;
        MaxFailedShare = maxFailedShare;
    }

    /// <summary>Distinct reports whose request failed.</summary>
    public int Failed { get; }

    /// <summary>Distinct non-empty reports of the run.</summary>
    public int Total { get; }

    /// <summary>The share of failures allowed (0 to 1).</summary>
    public double MaxFailedShare { get; }
}
