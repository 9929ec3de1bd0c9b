using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;

namespace FgClep.MLNet;

/// <summary>
/// The result of FG-CLEP's enrichment step as an ML.NET transformer: adds the fine-grained report (report + verified
/// waveform features), the verified features and the candidate features.
/// </summary>
/// <remarks>
/// <para>Rows seen by <see cref="WaveformEnrichmentEstimator.Fit"/> are not computed again: their results are kept,
/// keyed by content (a hash of the report text and the signal), so transforming the fitted data view, or any view with
/// the same rows in any order, costs a hash per row. Other rows are computed on demand, one row at a time: the
/// proposer is asked once per new report (in memory, not through the disk cache) and the features are verified with
/// the stage-1 model, which must therefore not be disposed while new data is transformed. For large new data sets, fit
/// a new estimator on them instead (it batches).</para>
/// <para>Output columns: <see cref="WaveformEnrichmentOptions.OutputColumnName"/> (text),
/// <see cref="WaveformEnrichmentOptions.VerifiedFeaturesColumnName"/> and
/// <see cref="WaveformEnrichmentOptions.CandidateFeaturesColumnName"/> (variable-length text vectors). A row without
/// verified features keeps its report unchanged.</para>
/// <para>ML.NET cannot save third-party transformers; this one is a data-preparation step whose output is saved
/// instead (a <see cref="WaveformEnrichmentOptions.CachePath"/> makes a re-run free of proposer calls).</para>
/// </remarks>
public sealed class WaveformEnrichmentTransformer : ITransformer
{
    private readonly WaveformFeatureVerifier _verifier;
    private readonly CachedProposalRunner _runner;
    private readonly ConcurrentDictionary<string, FeatureProposal> _proposals;
    private readonly IReadOnlyDictionary<UInt128, WaveformEnrichmentResult> _fitResults;
    private readonly ITransformer _mapping;
    private readonly object _proposeGate = new();
    private int _computedAfterFit;

    internal WaveformEnrichmentTransformer(
        WaveformFeatureVerifier verifier,
        IWaveformFeatureProposer proposer,
        WaveformEnrichmentOptions options,
        ConcurrentDictionary<string, FeatureProposal> proposals,
        IReadOnlyDictionary<UInt128, WaveformEnrichmentResult> fitResults,
        EnrichmentStatistics statistics)
    {
        _verifier = verifier;
        _proposals = proposals;
        _fitResults = fitResults;
        Options = options;
        Statistics = statistics;
        _runner = new CachedProposalRunner(proposer, cache: null, maxConcurrency: 1) { Log = options.Log ?? (m => Trace.TraceWarning(m)) };
        _mapping = WaveformEnrichmentMapping.Create(options, verifier.SignalLength, Enrich)
            .Fit(WaveformEnrichmentMapping.EmptyInput(options, verifier.SignalLength));
    }

    /// <summary>The settings the transformer was fitted with.</summary>
    public WaveformEnrichmentOptions Options { get; }

    /// <summary>What <see cref="WaveformEnrichmentEstimator.Fit"/> did: records, unique reports, proposer calls, cache hits, skips, features per record.</summary>
    public EnrichmentStatistics Statistics { get; }

    /// <summary>Rows computed after Fit (not seen by it), for diagnostics.</summary>
    internal int ComputedAfterFit => Volatile.Read(ref _computedAfterFit);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <summary>
    /// Enriches one record: the result kept from Fit when this (signal, report) was seen there, otherwise proposes
    /// (once per new report) and verifies now.
    /// </summary>
    /// <param name="signal">The preprocessed signal.</param>
    /// <param name="report">The report.</param>
    public WaveformEnrichmentResult Enrich(float[] signal, string report)
    {
        ArgumentNullException.ThrowIfNull(signal);
        report ??= "";
        if (_fitResults.TryGetValue(WaveformEnrichmentMapping.RowKey(signal, report), out var known)) return known;
        Interlocked.Increment(ref _computedAfterFit);
        var proposal = ProposalFor(report);
        return proposal.Features.Count == 0 ? WaveformEnrichmentResult.Empty : _verifier.Verify(signal, proposal.Features);
    }

    private FeatureProposal ProposalFor(string report)
    {
        if (_proposals.TryGetValue(report, out var known)) return known;
        lock (_proposeGate)
        {
            if (_proposals.TryGetValue(report, out known)) return known;
            // Task.Run keeps a caller's synchronisation context out of the proposer's continuations.
            var answers = Task.Run(() => _runner.ProposeAllAsync(new[] { report }, ct: Options.CancellationToken)).GetAwaiter().GetResult();
            return _proposals[report] = answers[report];
        }
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        WaveformEnrichmentMapping.CheckInput(inputSchema, Options, _verifier.SignalLength);
        return _mapping.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WaveformEnrichmentMapping.CheckInput(input.Schema, Options, _verifier.SignalLength);
        return _mapping.Transform(input);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        WaveformEnrichmentMapping.CheckInput(inputSchema, Options, _verifier.SignalLength);
        return _mapping.GetRowToRowMapper(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively, and the enrichment step is data preparation: save its output " +
        "(the fine-grained reports), and set WaveformEnrichmentOptions.CachePath so that fitting again makes no proposer calls.");
}
