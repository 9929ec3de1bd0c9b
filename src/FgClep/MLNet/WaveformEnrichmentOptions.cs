using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;

namespace FgClep.MLNet;

/// <summary>Settings of <see cref="WaveformEnrichmentEstimator"/> (<c>mlContext.Transforms.EnrichWaveformFeatures</c>).</summary>
public sealed record WaveformEnrichmentOptions
{
    /// <summary>Input column of preprocessed signals: a known-size Single vector of the stage-1 model's leads × samples. Default <c>Signal</c>.</summary>
    public string SignalColumnName { get; init; } = "Signal";

    /// <summary>Input column of report text. Default <c>Report</c>.</summary>
    public string ReportColumnName { get; init; } = "Report";

    /// <summary>Output column of fine-grained reports (text, see <see cref="FineGrainedReport.Compose"/>). Default <c>FineGrainedReport</c>.</summary>
    public string OutputColumnName { get; init; } = "FineGrainedReport";

    /// <summary>Output column of the verified features (variable-length text vector). Default <c>VerifiedFeatures</c>.</summary>
    public string VerifiedFeaturesColumnName { get; init; } = "VerifiedFeatures";

    /// <summary>Output column of the proposed candidate features (variable-length text vector). Default <c>CandidateFeatures</c>.</summary>
    public string CandidateFeaturesColumnName { get; init; } = "CandidateFeatures";

    /// <summary>Verification threshold on P = σ(exp(t')·cos + b); a feature is kept when P is above it. Default 0.5 (see <see cref="WaveformVerifierOptions.Threshold"/>).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Most verified features per record (the most probable); null (default) keeps all above the threshold.</summary>
    public int? TopK { get; init; }

    /// <summary>
    /// Path of a JSON-lines <see cref="ProposalCache"/>; null (default) keeps answers in memory only. With a cache a
    /// second run (or one restarted after a crash) asks the proposer only about reports it has not answered yet. The
    /// cache is open (and locked) only while <see cref="WaveformEnrichmentEstimator.Fit"/> runs.
    /// </summary>
    public string? CachePath { get; init; }

    /// <summary>Most proposer requests in flight at once (raise it for an inference server). Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Receives one line per skipped report and why. Null (default): <see cref="System.Diagnostics.Trace.TraceWarning(string)"/>.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Receives the number of distinct reports answered so far (from the cache or the proposer) while Fit proposes.</summary>
    public IProgress<int>? ProposalProgress { get; init; }

    /// <summary>Cancels fitting (answers received so far stay in the cache).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// A fitted per-feature calibration of P (see <see cref="WaveformFeatureCalibration"/>); null (default) uses the model's P,
    /// or fits one when <see cref="FitCalibration"/> is set.
    /// </summary>
    public WaveformFeatureCalibration? Calibration { get; init; }

    /// <summary>
    /// When true and <see cref="Calibration"/> is null, <c>Fit</c> fits a <see cref="WaveformFeatureCalibration"/> on the
    /// first <see cref="CalibrationRecords"/> rows that have candidates (the findings their reports state are the labels; no ground truth)
    /// before it verifies, and the fitted transformer's options carry it. Default false: the paper's uncalibrated P.
    /// </summary>
    public bool FitCalibration { get; init; }

    /// <summary>Most rows <see cref="FitCalibration"/> reads (signals are embedded once more for it). Default 20 000.</summary>
    public int CalibrationRecords { get; init; } = WaveformFeatureCalibration.DefaultFitRecords;

    internal WaveformVerifierOptions VerifierOptions => new() { Threshold = Threshold, TopK = TopK, Calibration = Calibration };

    /// <summary>
    /// Largest share (0 to 1) of the distinct reports whose proposer call may fail (e.g. a server error) before
    /// <c>Fit</c> fails with a <see cref="ProposerFailedException"/>. Default 0.1.
    /// </summary>
    public double MaxFailedShare { get; init; } = 0.1;

    internal void Validate()
    {
        if (!(MaxFailedShare is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxFailedShare), MaxFailedShare, "MaxFailedShare must be between 0 and 1.");
        VerifierOptions.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationRecords, 1, nameof(CalibrationRecords));
        var names = new[]
        {
            (nameof(SignalColumnName), SignalColumnName), (nameof(ReportColumnName), ReportColumnName),
            (nameof(OutputColumnName), OutputColumnName), (nameof(VerifiedFeaturesColumnName), VerifiedFeaturesColumnName),
            (nameof(CandidateFeaturesColumnName), CandidateFeaturesColumnName),
        };
        foreach (var (option, value) in names)
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must name a column.", option);
        var outputs = names.Skip(2).ToList();
        var clash = outputs.GroupBy(n => n.Item2, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"The output columns must have distinct names; '{clash.Key}' is given to {string.Join(" and ", clash.Select(c => c.Item1))}.");
    }
}
