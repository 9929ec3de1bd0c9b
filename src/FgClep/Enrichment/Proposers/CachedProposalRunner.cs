using System.Collections.Concurrent;
using System.Diagnostics;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Asks a proposer about many reports economically: reports are de-duplicated by
/// <see cref="ProposalCache.NormalizeReport"/>, answers already in the cache are reused without calling the proposer,
/// the rest are requested once each with bounded concurrency and stored in the cache as they arrive.
/// </summary>
/// <remarks>
/// Bad input never stops a run: an empty or punctuation-only report, a proposer that throws, or an answer without a
/// list gives that report an empty feature list, is counted in <see cref="Skipped"/> and is reported through
/// <see cref="Log"/>. Failures are not cached, so a later run asks again; answers without a list are cached (asking
/// again at temperature 0 gives the same answer). Cancelling <c>ct</c> stops the run with an
/// <see cref="OperationCanceledException"/>; every answer received before that is already in the cache.
/// Counters accumulate over calls and are per distinct normalised report. A run in which the proposer fails (throws) for
/// more than <see cref="MaxFailedShare"/> of its distinct reports ends with a <see cref="ProposerFailedException"/> once
/// every report has been tried: a server that is down must not pass for one that found no features.
/// </remarks>
public sealed class CachedProposalRunner
{
    private readonly IWaveformFeatureProposer _proposer;
    private readonly ProposalCache? _cache;
    private readonly int _maxConcurrency;
    private int _proposerCalls, _uniqueReports, _cacheHits, _skipped, _failed;
    private Exception? _lastFailure;

    /// <summary>Creates a runner.</summary>
    /// <param name="proposer">The proposer asked about reports not in the cache.</param>
    /// <param name="cache">The answer cache, or null to keep answers in memory only.</param>
    /// <param name="maxConcurrency">Most requests in flight at once (raise it for a server such as vLLM). Default 4.</param>
    public CachedProposalRunner(IWaveformFeatureProposer proposer, ProposalCache? cache, int maxConcurrency = 4)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _proposer = proposer;
        _cache = cache;
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>Proposer calls made (one per distinct report that was not cached, failed ones included).</summary>
    public int ProposerCalls => Volatile.Read(ref _proposerCalls);

    /// <summary>Distinct non-empty normalised reports seen.</summary>
    public int UniqueReports => Volatile.Read(ref _uniqueReports);

    /// <summary>Distinct reports answered from the cache.</summary>
    public int CacheHits => Volatile.Read(ref _cacheHits);

    /// <summary>Distinct reports left without features: empty or punctuation-only text, a proposer failure, or an answer without a list.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>Distinct reports whose proposer call failed (threw); they are among <see cref="Skipped"/>.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// Largest share (0 to 1) of a run's distinct reports whose proposer call may fail before the run fails with a
    /// <see cref="ProposerFailedException"/>. Default 0.1; 1 never fails the run.
    /// </summary>
    public double MaxFailedShare
    {
        get => _maxFailedShare;
        set
        {
            if (!(value is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(value), value, "MaxFailedShare must be between 0 and 1.");
            _maxFailedShare = value;
        }
    }

    private double _maxFailedShare = 0.1;

    /// <summary>Receives one line per skipped report (why it was skipped). Default: <see cref="Trace.TraceWarning(string)"/>.</summary>
    public Action<string> Log { get; set; } = message => Trace.TraceWarning(message);

    /// <summary>Proposes features for every report.</summary>
    /// <param name="reports">Reports, with repeats.</param>
    /// <param name="progress">Receives the number of distinct reports finished so far.</param>
    /// <param name="ct">Cancels the run.</param>
    /// <returns>One proposal per distinct original report string (reports with the same normal form share it).</returns>
    public async Task<IReadOnlyDictionary<string, FeatureProposal>> ProposeAllAsync(
        IEnumerable<string> reports, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var originalsByKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            var original = report ?? "";
            if (!seen.Add(original)) continue;
            var key = ProposalCache.NormalizeReport(original);
            if (!originalsByKey.TryGetValue(key, out var list)) originalsByKey[key] = list = new List<string>();
            list.Add(original);
        }

        var answers = new ConcurrentDictionary<string, FeatureProposal>(StringComparer.Ordinal);
        int done = 0;
        if (originalsByKey.Remove("", out var empties))
        {
            Interlocked.Increment(ref _skipped);
            Log($"Skipped {empties.Count} empty or punctuation-only report(s).");
        }

        var pending = new List<(string Key, string Report)>();
        foreach (var (key, originals) in originalsByKey)
        {
            Interlocked.Increment(ref _uniqueReports);
            if (_cache is not null && _cache.TryGet(_proposer.Id, originals[0], out var cached))
            {
                Interlocked.Increment(ref _cacheHits);
                if (cached.Features.Count == 0) Interlocked.Increment(ref _skipped);
                answers[key] = cached;
                progress?.Report(++done);
            }
            else pending.Add((key, originals[0]));
        }

        int failedBefore = Failed;
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(pending, options, async (item, token) =>
        {
            // ForEachAsync does not always check the token before handing out the next item of a plain enumerable, and its own
            // token follows the caller's through a registration callback, which CancelAsync runs later on the thread pool: on a
            // busy machine every remaining report was still asked. The caller's token is set at once, so check it too.
            ct.ThrowIfCancellationRequested();
            token.ThrowIfCancellationRequested();
            answers[item.Key] = await AskAsync(item.Report, token).ConfigureAwait(false);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);

        int failed = Failed - failedBefore;
        if (failed > 0 && failed > _maxFailedShare * originalsByKey.Count)
            throw new ProposerFailedException(failed, originalsByKey.Count, _maxFailedShare, Volatile.Read(ref _lastFailure));

        var result = new Dictionary<string, FeatureProposal>(StringComparer.Ordinal);
        foreach (var (key, originals) in originalsByKey)
            foreach (var original in originals) result[original] = answers[key];
        if (empties is not null)
            foreach (var original in empties) result[original] = FeatureProposal.Empty;
        return result;
    }

    private async Task<FeatureProposal> AskAsync(string report, CancellationToken ct)
    {
        Interlocked.Increment(ref _proposerCalls);
        FeatureProposal proposal;
        try
        {
            proposal = await _proposer.ProposeAsync(report, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _skipped);
            Interlocked.Increment(ref _failed);
            Volatile.Write(ref _lastFailure, e);
            Log($"Proposer '{_proposer.Id}' failed on report \"{Shorten(report)}\": {e.GetType().Name}: {e.Message}");
            return FeatureProposal.Empty;
        }

        proposal ??= FeatureProposal.Empty;
        _cache?.Add(_proposer.Id, report, proposal);
        if (proposal.Features.Count == 0)
        {
            Interlocked.Increment(ref _skipped);
            Log($"Proposer '{_proposer.Id}' gave no feature list for report \"{Shorten(report)}\" ({proposal.UnparsedFragments} unparsed fragment(s)).");
        }
        return proposal;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
