using System.Collections.Concurrent;
using System.Diagnostics;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// (Signal, report) → the enrichment columns, a batch of rows at a time: rows seen by
/// <see cref="WaveformEnrichmentEstimator.Fit"/> take their kept result; for the others, the batch's new reports go to the
/// proposer together (each distinct report once, remembered across batches) and their features are verified in one
/// verifier call.
/// </summary>
internal sealed class WaveformEnrichmentBatchMapper : SignalBatchMapper
{
    /// <summary>Rows read ahead: the chunk the estimator's own verification pass uses.</summary>
    public const int RowsPerBatch = EnrichmentRun.VerifyChunk;

    private readonly WaveformFeatureVerifier _verifier;
    private readonly CachedProposalRunner _runner;
    private readonly ConcurrentDictionary<string, FeatureProposal> _proposals;
    private readonly IReadOnlyDictionary<UInt128, WaveformEnrichmentResult> _fitResults;
    private readonly CancellationToken _ct;
    private readonly object _proposeGate = new();
    private int _computedAfterFit;

    public WaveformEnrichmentBatchMapper(
        WaveformFeatureVerifier verifier,
        IWaveformFeatureProposer proposer,
        WaveformEnrichmentOptions options,
        ConcurrentDictionary<string, FeatureProposal> proposals,
        IReadOnlyDictionary<UInt128, WaveformEnrichmentResult> fitResults)
    {
        _verifier = verifier;
        _proposals = proposals;
        _fitResults = fitResults;
        _ct = options.CancellationToken;
        _runner = new CachedProposalRunner(proposer, cache: null, options.MaxConcurrency)
        {
            Log = options.Log ?? (m => Trace.TraceWarning(m)),
            MaxFailedShare = options.MaxFailedShare,
        };
        SignalColumnName = options.SignalColumnName;
        TextColumnName = options.ReportColumnName;
        var text = new VectorDataViewType(TextDataViewType.Instance);
        Outputs = new[]
        {
            new OutputColumn(options.OutputColumnName, TextDataViewType.Instance),
            new OutputColumn(options.VerifiedFeaturesColumnName, text),
            new OutputColumn(options.CandidateFeaturesColumnName, text),
        };
    }

    public override string SignalColumnName { get; }

    public override string? TextColumnName { get; }

    public override int SignalLength => _verifier.SignalLength;

    public override int BatchSize => RowsPerBatch;

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>Rows computed after Fit (not seen by it).</summary>
    public int ComputedAfterFit => Volatile.Read(ref _computedAfterFit);

    public override Array[] Map(IReadOnlyList<float[]> signals, IReadOnlyList<string>? texts)
    {
        var results = Enrich(signals, texts ?? throw new ArgumentNullException(nameof(texts)));
        var reports = new string[results.Count];
        var verified = new string[results.Count][];
        var candidates = new string[results.Count][];
        for (int i = 0; i < results.Count; i++)
        {
            reports[i] = FineGrainedReport.Compose(texts[i] ?? "", results[i].Verified);
            verified[i] = results[i].Verified.ToArray();
            candidates[i] = results[i].Candidates.ToArray();
        }
        return new Array[] { reports, verified, candidates };
    }

    /// <summary>Enriches each row: the result kept from Fit when the row was seen there, otherwise proposed and verified now.</summary>
    public IReadOnlyList<WaveformEnrichmentResult> Enrich(IReadOnlyList<float[]> signals, IReadOnlyList<string> reports)
    {
        if (signals.Count != reports.Count)
            throw new ArgumentException($"{signals.Count} signals but {reports.Count} reports.", nameof(reports));
        var results = new WaveformEnrichmentResult[signals.Count];
        var fresh = new List<int>();
        for (int i = 0; i < signals.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(signals[i], nameof(signals));
            if (_fitResults.TryGetValue(WaveformEnrichmentMapping.RowKey(signals[i], reports[i] ?? ""), out var known)) results[i] = known;
            else fresh.Add(i);
        }
        if (fresh.Count == 0) return results;
        Interlocked.Add(ref _computedAfterFit, fresh.Count);

        var proposals = ProposalsFor(fresh.Select(i => reports[i] ?? "").ToList());
        var toVerify = new List<int>();
        foreach (var i in fresh)
        {
            if (proposals[reports[i] ?? ""].Features.Count == 0) results[i] = WaveformEnrichmentResult.Empty;
            else toVerify.Add(i);
        }
        if (toVerify.Count > 0)
        {
            var verified = _verifier.Verify(toVerify.Select(i => signals[i]).ToList(),
                toVerify.Select(i => proposals[reports[i] ?? ""].Features).ToList());
            for (int j = 0; j < toVerify.Count; j++) results[toVerify[j]] = verified[j];
        }
        return results;
    }

    private Dictionary<string, FeatureProposal> ProposalsFor(IReadOnlyList<string> reports)
    {
        lock (_proposeGate)
        {
            var missing = reports.Where(r => !_proposals.ContainsKey(r)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                // Task.Run keeps a caller's synchronisation context out of the proposer's continuations.
                var answers = Task.Run(() => _runner.ProposeAllAsync(missing, ct: _ct)).GetAwaiter().GetResult();
                foreach (var report in missing) _proposals[report] = answers[report];
            }
            return reports.Distinct(StringComparer.Ordinal).ToDictionary(r => r, r => _proposals[r], StringComparer.Ordinal);
        }
    }
}
