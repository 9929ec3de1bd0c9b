using FgClep.Enrichment.Proposers;

namespace FgClep.Benchmarks;

/// <summary>Passes requests to another proposer and counts them, independently of the runner's own counters.</summary>
internal sealed class CountingProposer(IWaveformFeatureProposer inner) : IWaveformFeatureProposer
{
    private int _calls;

    public string Id => inner.Id;

    public int Calls => Volatile.Read(ref _calls);

    public Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.ProposeAsync(report, cancellationToken);
    }
}
