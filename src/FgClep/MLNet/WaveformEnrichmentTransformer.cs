using System.Collections.Concurrent;
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
/// the same rows in any order, costs a hash per row. Other rows are computed when read, a batch at a time like
/// <see cref="WaveformEnrichmentEstimator.Fit"/>: the cursor reads <see cref="RowsPerBatch"/> rows ahead, asks the proposer
/// once per new report of the batch (in memory, not through the disk cache; up to
/// <see cref="WaveformEnrichmentOptions.MaxConcurrency"/> calls at once) and verifies their features in one call of the
/// stage-1 model, which must therefore not be disposed while new data is transformed. A <c>PredictionEngine</c> enriches
/// one row at a time through the same code.</para>
/// <para>Output columns: <see cref="WaveformEnrichmentOptions.OutputColumnName"/> (text),
/// <see cref="WaveformEnrichmentOptions.VerifiedFeaturesColumnName"/> and
/// <see cref="WaveformEnrichmentOptions.CandidateFeaturesColumnName"/> (variable-length text vectors). A row without
/// verified features keeps its report unchanged.</para>
/// <para>ML.NET cannot save third-party transformers; this one is a data-preparation step whose output is saved
/// instead (a <see cref="WaveformEnrichmentOptions.CachePath"/> makes a re-run free of proposer calls).</para>
/// </remarks>
public sealed class WaveformEnrichmentTransformer : ITransformer
{
    /// <summary>Rows the cursor of <see cref="Transform"/> reads ahead and enriches together.</summary>
    public const int RowsPerBatch = WaveformEnrichmentBatchMapper.RowsPerBatch;

    private readonly WaveformEnrichmentBatchMapper _mapper;

    internal WaveformEnrichmentTransformer(
        WaveformFeatureVerifier verifier,
        IWaveformFeatureProposer proposer,
        WaveformEnrichmentOptions options,
        ConcurrentDictionary<string, FeatureProposal> proposals,
        IReadOnlyDictionary<UInt128, WaveformEnrichmentResult> fitResults,
        EnrichmentStatistics statistics)
    {
        Options = options;
        Statistics = statistics;
        _mapper = new WaveformEnrichmentBatchMapper(verifier, proposer, options, proposals, fitResults);
    }

    /// <summary>The settings the transformer was fitted with.</summary>
    public WaveformEnrichmentOptions Options { get; }

    /// <summary>What <see cref="WaveformEnrichmentEstimator.Fit"/> did: records, unique reports, proposer calls, cache hits, skips, features per record.</summary>
    public EnrichmentStatistics Statistics { get; }

    /// <summary>Rows computed after Fit (not seen by it), for diagnostics.</summary>
    internal int ComputedAfterFit => _mapper.ComputedAfterFit;

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
        return _mapper.Enrich(new[] { signal }, new[] { report ?? "" })[0];
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        WaveformEnrichmentMapping.CheckInput(inputSchema, Options, _mapper.SignalLength);
        return SignalBatchDataView.OutputSchema(inputSchema, _mapper);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WaveformEnrichmentMapping.CheckInput(input.Schema, Options, _mapper.SignalLength);
        return new SignalBatchDataView(input, _mapper);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        WaveformEnrichmentMapping.CheckInput(inputSchema, Options, _mapper.SignalLength);
        return new SignalBatchRowMapper(inputSchema, _mapper);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively, and the enrichment step is data preparation: save its output " +
        "(the fine-grained reports), and set WaveformEnrichmentOptions.CachePath so that fitting again makes no proposer calls.");
}
