using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;

namespace FgClep.Enrichment;

/// <summary>
/// One enrichment run, the steps that both <c>WaveformEnrichmentEstimator</c> and <c>fgclep enrich</c> take: ask the
/// proposer once per distinct report (<see cref="ProposeAsync"/>, through a <see cref="CachedProposalRunner"/>), then verify
/// each record's candidates on its ECG in chunks (<see cref="Verify{T}"/>), counting as it goes (<see cref="Statistics"/>).
/// </summary>
public sealed class EnrichmentRun
{
    /// <summary>Records verified in one call of the verifier.</summary>
    public const int VerifyChunk = 256;

    private readonly WaveformFeatureVerifier _verifier;
    private IReadOnlyDictionary<string, FeatureProposal> _proposals = new Dictionary<string, FeatureProposal>();
    private int _records, _skipped, _enriched;
    private long _candidates, _verified;
    private double _highest = double.NaN;

    /// <summary>A run that proposes through <paramref name="runner"/> and verifies with <paramref name="verifier"/>.</summary>
    public EnrichmentRun(CachedProposalRunner runner, WaveformFeatureVerifier verifier)
    {
        Runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
    }

    /// <summary>A run whose proposal step has already run through <paramref name="runner"/> and answered <paramref name="proposals"/>.</summary>
    internal EnrichmentRun(CachedProposalRunner runner, WaveformFeatureVerifier verifier, IReadOnlyDictionary<string, FeatureProposal> proposals)
        : this(runner, verifier)
    {
        _proposals = proposals ?? throw new ArgumentNullException(nameof(proposals));
    }

    /// <summary>The proposal step: its counts of calls, cache hits and skipped reports.</summary>
    public CachedProposalRunner Runner { get; }

    /// <summary>The proposer's answers by report, once <see cref="ProposeAsync"/> has run.</summary>
    public IReadOnlyDictionary<string, FeatureProposal> Proposals => _proposals;

    /// <summary>Asks for every report of <paramref name="distinctReports"/> (cached answers are reused); progress counts reports done.</summary>
    /// <exception cref="ProposerFailedException">The proposer failed for more than the runner's allowed share of the reports.</exception>
    public async Task<IReadOnlyDictionary<string, FeatureProposal>> ProposeAsync(
        IReadOnlyList<string> distinctReports, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        _proposals = await Runner.ProposeAllAsync(distinctReports, progress, cancellationToken).ConfigureAwait(false);
        return _proposals;
    }

    /// <summary>The proposed features for <paramref name="report"/>; none for a report that was not proposed for.</summary>
    public IReadOnlyList<string> CandidatesFor(string report) =>
        _proposals.TryGetValue(report, out var proposal) ? proposal.Features : Array.Empty<string>();

    /// <summary>
    /// Verifies the candidates of each row on its signal, <see cref="VerifyChunk"/> rows at a time, and yields every row with
    /// its result in input order. Rows without candidates get <see cref="WaveformEnrichmentResult.Empty"/> and are not embedded.
    /// </summary>
    public IEnumerable<(T Row, WaveformEnrichmentResult Result)> Verify<T>(
        IEnumerable<T> rows, Func<T, float[]> signal, Func<T, string> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var chunk = new List<(T Row, IReadOnlyList<string> Candidates)>(VerifyChunk);
        int pending = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _records++;
            var candidates = CandidatesFor(report(row));
            chunk.Add((row, candidates));
            if (candidates.Count > 0 && ++pending == VerifyChunk)
            {
                foreach (var done in Flush(chunk, signal)) yield return done;
                pending = 0;
            }
        }
        foreach (var done in Flush(chunk, signal)) yield return done;
    }

    private List<(T Row, WaveformEnrichmentResult Result)> Flush<T>(List<(T Row, IReadOnlyList<string> Candidates)> chunk, Func<T, float[]> signal)
    {
        var toVerify = chunk.Where(c => c.Candidates.Count > 0).ToList();
        var verified = toVerify.Count == 0
            ? Array.Empty<WaveformEnrichmentResult>()
            : _verifier.Verify(toVerify.Select(c => signal(c.Row)).ToList(), toVerify.Select(c => c.Candidates).ToList());
        var output = new List<(T, WaveformEnrichmentResult)>(chunk.Count);
        int next = 0;
        foreach (var (row, candidates) in chunk)
        {
            var result = candidates.Count == 0 ? WaveformEnrichmentResult.Empty : verified[next++];
            Count(result);
            output.Add((row, result));
        }
        chunk.Clear();
        return output;
    }

    private void Count(WaveformEnrichmentResult result)
    {
        _candidates += result.Candidates.Count;
        _verified += result.Verified.Count;
        foreach (float probability in result.Probabilities)
            if (!float.IsNaN(probability) && !(probability <= _highest)) _highest = probability;
        if (result.Verified.Count > 0) _enriched++;
        else if (result.Candidates.Count == 0) _skipped++;
    }

    /// <summary>The counts so far: records, proposer calls, candidates, verified features, the threshold and the highest probability.</summary>
    public EnrichmentStatistics Statistics() =>
        new(_records, Runner.UniqueReports, Runner.ProposerCalls, Runner.CacheHits, Runner.Skipped, _skipped,
            _verifier.EmbeddedFeatureCount, _candidates, _verified, _enriched)
        {
            Threshold = _verifier.Options.Threshold,
            HighestProbability = _highest,
        };
}
