using System.Collections.Concurrent;
using System.Diagnostics;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;
using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// FG-CLEP's enrichment step (between stage 1 and stage 2): proposes waveform features for every report, verifies each
/// against its ECG with the stage-1 model, and appends the verified ones to the report.
/// </summary>
/// <remarks>
/// <para><see cref="Fit"/> reads the data twice. Pass 1 reads only the report column and asks the proposer once per
/// distinct normalised report through a <see cref="CachedProposalRunner"/> (with the on-disk
/// <see cref="ProposalCache"/> when <see cref="WaveformEnrichmentOptions.CachePath"/> is set, so a second run makes no
/// calls for reports already answered). Pass 2 streams signals in chunks and verifies with
/// <see cref="WaveformFeatureVerifier"/> (each distinct feature embedded once, signals in batches, rows without
/// candidates not embedded). The result of every fitted row (its candidate and verified lists) is kept for
/// <see cref="WaveformEnrichmentTransformer.Transform"/>; signals are not kept.</para>
/// <para>A proposer that fails for more than <see cref="WaveformEnrichmentOptions.MaxFailedShare"/> of the distinct reports
/// (a server that is down, say) fails <see cref="Fit"/> with a <see cref="ProposerFailedException"/>.
/// Bad input never stops the run: an empty or punctuation-only report, a proposer failure or an answer without a
/// list (e.g. a report the proposer cannot read) is logged and counted in <see cref="EnrichmentStatistics"/>, and that
/// row's report passes through unchanged.</para>
/// <para>Input: <c>Signal</c> (known-size Single vector of the stage-1 model's leads × samples), <c>Report</c> (text).
/// Output: <c>FineGrainedReport</c> (text), <c>VerifiedFeatures</c> and <c>CandidateFeatures</c> (variable-length text vectors).</para>
/// </remarks>
public sealed class WaveformEnrichmentEstimator : IEstimator<WaveformEnrichmentTransformer>
{
    private readonly WaveformFeatureVerifierScorer _scorer;
    private readonly IWaveformFeatureProposer _proposer;

    /// <summary>Creates the estimator.</summary>
    /// <param name="model">The stage-1 model used for verification (used, not owned: keep it undisposed while the transformer handles new data).</param>
    /// <param name="proposer">Proposes candidate features per report (e.g. <see cref="KnowledgeBaseProposer.Default"/>, <see cref="ChatClientProposer"/>).</param>
    /// <param name="options">Columns, threshold, TopK, cache, concurrency; null for the defaults.</param>
    public WaveformEnrichmentEstimator(ClepEncoder model, IWaveformFeatureProposer proposer, WaveformEnrichmentOptions? options = null)
        : this(WaveformFeatureVerifierScorer.FromModel(model ?? throw new ArgumentNullException(nameof(model))), proposer, options)
    {
    }

    internal WaveformEnrichmentEstimator(WaveformFeatureVerifierScorer scorer, IWaveformFeatureProposer proposer, WaveformEnrichmentOptions? options)
    {
        _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        _proposer = proposer ?? throw new ArgumentNullException(nameof(proposer));
        Options = options ?? new WaveformEnrichmentOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public WaveformEnrichmentOptions Options { get; }

    /// <inheritdoc />
    public WaveformEnrichmentTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WaveformEnrichmentMapping.CheckInput(input.Schema, Options, _scorer.SignalLength);
        var log = Options.Log ?? (m => Trace.TraceWarning(m));
        var ct = Options.CancellationToken;

        var reports = ReadDistinctReports(input);
        CachedProposalRunner runner;
        IReadOnlyDictionary<string, FeatureProposal> proposed;
        using (var cache = Options.CachePath is null ? null : new ProposalCache(Options.CachePath))
        {
            runner = new CachedProposalRunner(_proposer, cache, Options.MaxConcurrency) { Log = log, MaxFailedShare = Options.MaxFailedShare };
            // Task.Run keeps a caller's synchronisation context out of the proposer's continuations.
            proposed = Task.Run(() => runner.ProposeAllAsync(reports, Options.ProposalProgress, ct), ct).GetAwaiter().GetResult();
        }
        var options = Options;
        if (options is { Calibration: null, FitCalibration: true })
        {
            options = options with { Calibration = FitCalibration(input, proposed) };
            if (options.Calibration is { CalibratedFeatures.Count: 0 } none)
                log($"Verifier calibration: no proposed feature is stated by at least {WaveformFeatureCalibration.MinimumExamples} of the {none.Records} records read " +
                    $"(and left unstated by as many), so every feature keeps the model's uncalibrated P, which a threshold of {Options.Threshold} may rarely pass.");
        }
        var verifier = new WaveformFeatureVerifier(_scorer, options.VerifierOptions);
        var run = new EnrichmentRun(runner, verifier, proposed);
        var proposals = new ConcurrentDictionary<string, FeatureProposal>(proposed, StringComparer.Ordinal);

        var results = new Dictionary<UInt128, WaveformEnrichmentResult>();
        // A report not seen in pass 1 (a data view that changes between passes) gets no candidates rather than a late proposer call.
        foreach (var (row, result) in run.Verify(ReadRows(input), r => r.Signal, r => r.Report, ct))
            results[WaveformEnrichmentMapping.RowKey(row.Signal, row.Report)] = result;
        return new WaveformEnrichmentTransformer(verifier, _proposer, options, proposals, results, run.Statistics());
    }

    /// <summary>
    /// Fits the calibration on the first <see cref="WaveformEnrichmentOptions.CalibrationRecords"/> rows with candidates,
    /// streaming their signals (one more pass over the data), with the features each report states as the labels (found by
    /// the proposer when it is a <see cref="KnowledgeBaseProposer"/>, else by the built-in one); null when no row has a candidate.
    /// </summary>
    private WaveformFeatureCalibration? FitCalibration(IDataView input, IReadOnlyDictionary<string, FeatureProposal> proposed)
    {
        if (proposed.Values.All(p => p.Features.All(string.IsNullOrWhiteSpace))) return null;
        var statements = _proposer as KnowledgeBaseProposer ?? KnowledgeBaseProposer.Default;
        var rows = ReadRows(input).Select(r =>
        {
            Options.CancellationToken.ThrowIfCancellationRequested();
            var candidates = proposed.TryGetValue(r.Report, out var p) ? p.Features : (IReadOnlyList<string>)Array.Empty<string>();
            return (r.Signal, candidates, candidates.Count == 0 ? null : statements.StatedFeatures(r.Report));
        });
        return new WaveformFeatureVerifier(_scorer, Options.VerifierOptions)
            .FitCalibrationStreaming(rows, proposed.Values.SelectMany(p => p.Features), Options.CalibrationRecords);
    }

    private List<string> ReadDistinctReports(IDataView input)
    {
        var column = input.Schema[Options.ReportColumnName];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reports = new List<string>();
        using var cursor = input.GetRowCursor(new[] { column });
        var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            Options.CancellationToken.ThrowIfCancellationRequested();
            getReport(ref value);
            var text = value.ToString();
            if (seen.Add(text)) reports.Add(text);
        }
        return reports;
    }

    private IEnumerable<(float[] Signal, string Report)> ReadRows(IDataView input)
    {
        var signalColumn = input.Schema[Options.SignalColumnName];
        var reportColumn = input.Schema[Options.ReportColumnName];
        using var cursor = input.GetRowCursor(new[] { signalColumn, reportColumn });
        var getSignal = cursor.GetGetter<VBuffer<float>>(signalColumn);
        var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(reportColumn);
        VBuffer<float> signal = default;
        ReadOnlyMemory<char> report = default;
        while (cursor.MoveNext())
        {
            getReport(ref report);
            getSignal(ref signal);
            yield return (signal.DenseValues().ToArray(), report.ToString());
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        WaveformEnrichmentMapping.CheckInput(inputSchema, Options, _scorer.SignalLength);
        // The output column shapes come from ML.NET's own CustomMapping (SchemaShape.Column has no public constructor).
        return WaveformEnrichmentMapping.SchemaOnly(Options, _scorer.SignalLength).GetOutputSchema(inputSchema);
    }
}
