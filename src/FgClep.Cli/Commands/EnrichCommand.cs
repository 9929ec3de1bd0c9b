using System.CommandLine;
using System.Globalization;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;
using FgClep.Inference;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep enrich kb|gguf|openai</c>: asks a proposer which waveform features each (distinct) report implies, keeps the
/// features the stage-1 model confirms on that ECG, and writes the fine-grained reports for stage 2. Proposals are cached
/// in an append-only file in the output folder, so an interrupted run never asks twice.
/// </summary>
internal abstract class EnrichCommand : FgClepCommand
{
    public const string ProposalsFileName = "proposals.jsonl";
    public const string SummaryFileName = "enrich.json";

    private readonly DataSourceOptions _data;
    private readonly Option<string> _clep = new("--clep") { Description = "The stage-1 model that verifies the proposed features (OUT/model.fgclep of 'fgclep pretrain').", Required = true, HelpName = "FILE" };
    private readonly Option<string> _out = new("--out", "-o") { Description = $"Output folder: {FineGrainedReportsFile.FileName}, {ProposalsFileName} (the proposal cache), {SummaryFileName}, the effective config.", Required = true, HelpName = "DIR" };
    private readonly Option<double> _threshold = new("--threshold") { Description = "Keep a proposed feature when the stage-1 model's probability for it on the ECG is above this (P > threshold).", DefaultValueFactory = _ => 0.5 };
    private readonly Option<bool> _calibrate = new("--calibrate") { Description = "Calibrate P per feature before verifying (fitted on these records: the findings their reports state are the labels), so that --threshold means the same for every feature." };
    private readonly Option<int?> _topK = new("--top-k") { Description = "Keep at most K verified features per ECG (the most probable).", HelpName = "K" };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Proposer requests in flight at once.", DefaultValueFactory = _ => 4 };
    private readonly Option<double> _maxFailures = new("--max-failures") { Description = "Fail the run (exit 1) when the proposer fails for more than this percentage of the distinct reports; answers received are kept.", DefaultValueFactory = _ => 10, HelpName = "PERCENT" };

    protected EnrichCommand(string name, string description, params string[] examples) : base(name, description, examples)
    {
        _data = new DataSourceOptions(this, DataSourceOptions.Train);
        Add(_clep, _out, _threshold, _calibrate, _topK, _concurrency, _maxFailures);
        _threshold.Finite(0, 1);
        _topK.Whole(1);
        _concurrency.Whole(1, 1024);
        _maxFailures.Finite(0, 100);
    }

    protected override string ConfigFileStem => $"enrich-{Name}";

    protected override string InterruptedAdvice => $"Answers so far are kept in OUT/{ProposalsFileName}; run the same command again to continue";

    /// <summary>Creates the proposer (bad settings → <see cref="CliUsageException"/>).</summary>
    protected abstract IWaveformFeatureProposer CreateProposer(ParseResult result, CliOutput output);

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        string outDir = result.GetValue(_out)!;
        double threshold = result.GetValue(_threshold);
        using var model = ModelFile.Load(result.GetValue(_clep)!, "--clep");
        var proposer = CreateProposer(result, output);
        try
        {
            // The cache's lock comes first: a second run on the same folder must not touch the running run's files.
            Directory.CreateDirectory(outDir);
            string cachePath = Path.Combine(outDir, ProposalsFileName);
            using var cache = OpenCache(cachePath, outDir);
            SaveEffectiveConfig(result, outDir);
            var rows = _data.Load(result, _data.SplitOf(result), model.Preprocessing).Read(output, cancellationToken);
            return Run(result, output, rows, model, proposer, cache, outDir, threshold, cancellationToken);
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }

    /// <summary>Fits the verifier's calibration on the first <see cref="WaveformFeatureCalibration.DefaultFitRecords"/> records with candidates.</summary>
    private static WaveformFeatureCalibration? Calibrate(CliOutput output, EnrichmentRun run, EcgRows rows, ClepEncoder model)
    {
        var used = Enumerable.Range(0, rows.Count).Where(i => run.CandidatesFor(rows.Reports[i]).Count > 0).Take(WaveformFeatureCalibration.DefaultFitRecords).ToList();
        if (used.Count == 0)
        {
            output.Warn("--calibrate: no record has a proposed feature, so there is nothing to calibrate on");
            return null;
        }
        var calibration = output.Progress("Calibrating the verifier", progress =>
        {
            progress.Report(0, used.Count, "embedding");
            var fitted = new WaveformFeatureVerifier(model).FitCalibration(used.Select(i => rows.Signals[i]).ToList(), used.Select(i => run.CandidatesFor(rows.Reports[i])).ToList(),
                used.Select(i => KnowledgeBaseProposer.Default.StatedFeatures(rows.Reports[i])).ToList());
            progress.Report(used.Count, used.Count, $"{fitted.CalibratedFeatures.Count} features");
            return fitted;
        });
        if (calibration.CalibratedFeatures.Count == 0)
            output.Warn($"--calibrate: no proposed feature is stated by at least {WaveformFeatureCalibration.MinimumExamples} of the {calibration.Records} records, so every feature keeps the model's uncalibrated P");
        else output.Info($"Calibrated {calibration.CalibratedFeatures.Count} features on {calibration.Records} records; the others keep the model's P");
        return calibration;
    }

    private static ProposalCache OpenCache(string path, string outDir)
    {
        try
        {
            return new ProposalCache(path);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new CliUsageException($"'{outDir}' is in use: {e.Message}", "Wait for the other run to finish, or use another --out folder");
        }
    }

    private int Run(ParseResult result, CliOutput output, EcgRows rows, ClepEncoder model, IWaveformFeatureProposer proposer,
        ProposalCache cache, string outDir, double threshold, CancellationToken cancellationToken)
    {
        var distinct = rows.Reports.Distinct(StringComparer.Ordinal).ToArray();
        output.Info($"{rows.Count} records, {distinct.Length} distinct reports; proposer {proposer.Id}");
        if (cache.Count > 0) output.Info($"{cache.Count} answers already in {cache.Path}");
        var runner = new CachedProposalRunner(proposer, cache, result.GetValue(_concurrency))
        {
            Log = output.Warn,
            MaxFailedShare = result.GetValue(_maxFailures) / 100,
        };
        var verifierOptions = new WaveformVerifierOptions { Threshold = threshold, TopK = result.GetValue(_topK) };
        var run = new EnrichmentRun(runner, new WaveformFeatureVerifier(model, verifierOptions));
        try
        {
            output.Progress("Proposing features", progress =>
            {
                var report = new SynchronousProgress<int>(done => progress.Report(done, distinct.Length, $"{runner.ProposerCalls} calls, {runner.CacheHits} cached"));
                return Task.Run(() => run.ProposeAsync(distinct, report, cancellationToken), cancellationToken).GetAwaiter().GetResult();
            });
        }
        catch (ProposerFailedException e)
        {
            throw new CliFailureException($"proposer {proposer.Id}: {e.Message}",
                $"Nothing was written but the answers received (kept in {cache.Path}; running again asks only for the rest). Check that the proposer works, or allow more failures with --max-failures", e);
        }

        if (result.GetValue(_calibrate))
        {
            verifierOptions = verifierOptions with { Calibration = Calibrate(output, run, rows, model) };
            run = new EnrichmentRun(runner, new WaveformFeatureVerifier(model, verifierOptions), run.Proposals);
        }

        var verified = output.Progress("Verifying on the ECGs", progress =>
        {
            var all = new List<WaveformEnrichmentResult>(rows.Count);
            long kept = 0;
            foreach (var (_, verdict) in run.Verify(Enumerable.Range(0, rows.Count), i => rows.Signals[i], i => rows.Reports[i], cancellationToken))
            {
                all.Add(verdict);
                kept += verdict.Verified.Count;
                if (all.Count % EnrichmentRun.VerifyChunk == 0 || all.Count == rows.Count)
                    progress.Report(all.Count, rows.Count, $"{kept} features kept");
            }
            return all;
        });
        var statistics = run.Statistics();

        var entries = Enumerable.Range(0, rows.Count).Select(i => new FineGrainedReportsFile.Entry(rows.Ids[i], rows.Reports[i],
            verified[i].Candidates, verified[i].Verified, FineGrainedReport.Compose(rows.Reports[i], verified[i].Verified))).ToArray();
        string reportsPath = Path.Combine(outDir, FineGrainedReportsFile.FileName);
        FineGrainedReportsFile.Write(reportsPath, entries);

        long candidateCount = statistics.Candidates, keptCount = statistics.Verified;
        var quality = rows.WaveformFeatures.Any(f => f.Count > 0)
            ? EnrichmentQuality.Measure(verified.Select(v => v.Candidates).ToArray(), verified.Select(v => v.Verified).ToArray(), rows.WaveformFeatures)
            : null;
        var summary = new
        {
            reports = reportsPath,
            proposer = proposer.Id,
            records = rows.Count,
            distinctReports = distinct.Length,
            proposerCalls = runner.ProposerCalls,
            cacheHits = runner.CacheHits,
            skippedReports = runner.Skipped,
            proposerCallsPerRecord = CliJson.Metric(runner.ProposerCalls / (double)rows.Count),
            candidatesPerRecord = CliJson.Metric(candidateCount / (double)rows.Count),
            verifiedPerRecord = CliJson.Metric(keptCount / (double)rows.Count),
            enrichedRecords = statistics.EnrichedRecords,
            threshold,
            calibratedFeatures = verifierOptions.Calibration?.CalibratedFeatures.Count,
            againstGroundTruth = quality is null ? null : new
            {
                precisionProposed = CliJson.Metric(quality.PrecisionProposed),
                precisionVerified = CliJson.Metric(quality.PrecisionVerified),
                recallProposed = CliJson.Metric(quality.RecallProposed),
                recallVerified = CliJson.Metric(quality.RecallVerified),
            },
        };
        CliJson.WriteFile(Path.Combine(outDir, SummaryFileName), summary);
        var inv = CultureInfo.InvariantCulture;
        output.Info(string.Create(inv, $"{runner.ProposerCalls} proposer calls ({runner.CacheHits} answered from the cache, {runner.Skipped} reports skipped); ") +
                    string.Create(inv, $"{candidateCount / (double)rows.Count:F2} candidates and {keptCount / (double)rows.Count:F2} verified features per record; {summary.enrichedRecords} records enriched"));
        if (EnrichmentStatistics.NothingVerifiedHint(candidateCount, keptCount, threshold, statistics.HighestProbability, "--threshold") is { } hint)
            output.Info(hint);
        if (quality is not null) output.Info($"Against the records' known features: {quality}");
        if (entries.FirstOrDefault(e => e.VerifiedFeatures.Count > 0) is { } example) output.Info($"Example: \"{example.FineGrainedReport}\"");
        output.Info($"Wrote {reportsPath}; next: fgclep pretrain <same data flags> --init {result.GetValue(_clep)} --reports {reportsPath} --out DIR");
        output.Result(summary);
        return CliApp.Ok;
    }
}
