using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.Enrichment.Proposers;

namespace FgClep.Benchmarks;

/// <summary>
/// Language-model calls per record in enrichment: every report goes through <see cref="CachedProposalRunner"/>
/// (de-duplication by normalised text, on-disk <see cref="ProposalCache"/>) to a counting wrapper around
/// <see cref="KnowledgeBaseProposer"/> (standing in for a language model: the calls, not the answers, are measured).
/// A second pass reopens the cache file and must make no calls. Runs on the PTB-XL reports (skipped when the folder is
/// absent) and on synthetic reports.
/// Options: <c>--data &lt;ptbxl folder&gt;</c>, <c>--records &lt;n&gt;</c> synthetic records (default 5000).
/// </summary>
internal sealed class EnrichmentBenchmark : IBenchmark
{
    private const string Measure = "proposer (LLM) calls per record, de-duplicated + cached";

    public string Name => "enrichment";

    public string Description => "LLM calls per record with de-duplication and the answer cache (PTB-XL and synthetic reports), then a cached pass";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        int records = BenchmarkStats.IntOption(args, "--records", 5000);
        var results = new List<BenchmarkResult>();

        var data = BenchmarkData.Option(args, "--data")
                   ?? (BenchmarkData.FindShared() is { } shared ? Path.Combine(shared, "data", "ptbxl") : null);
        if (data is null || !File.Exists(Path.Combine(data, PtbXlDatabase.DatabaseFileName)))
        {
            const string why = "PTB-XL database not found; pass --data <ptbxl folder> or set FGCLEP_SHARED_DIR.";
            Console.WriteLine(why);
            results.Add(BenchmarkResult.Skip(Name, Measure + " (PTB-XL)", why));
        }
        else
        {
            var database = PtbXlDatabase.Load(data);
            results.Add(Run("PTB-XL", database.Entries.Select(e => e.Report).ToArray()));
        }

        var clock = Stopwatch.StartNew();
        // Only the reports are needed; they do not depend on the sampling rate, so render at 100 Hz to save time.
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 1, SamplingRate = 100 });
        var synthetic = generator.Generate(0, records).Select(r => r.Report).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {records} synthetic records in {clock.Elapsed.TotalSeconds:0.0} s"));
        results.Add(Run("synthetic", synthetic));
        return results;
    }

    private BenchmarkResult Run(string label, string[] reports)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"fgclep-enrichment-{Guid.NewGuid():N}");
        var cachePath = Path.Combine(folder, "proposals.jsonl");
        try
        {
            var proposer = new CountingProposer(KnowledgeBaseProposer.Default);
            var (first, firstSeconds) = Pass(proposer, cachePath, reports);
            int firstCalls = proposer.Calls;
            var (second, secondSeconds) = Pass(proposer, cachePath, reports);
            int secondCalls = proposer.Calls - firstCalls;
            if (first.ProposerCalls != firstCalls || second.ProposerCalls != secondCalls)
                throw new InvalidOperationException($"The runner counted {first.ProposerCalls}/{second.ProposerCalls} calls; the proposer saw {firstCalls}/{secondCalls}.");

            int n = reports.Length, distinct = reports.Distinct(StringComparer.Ordinal).Count();
            double perRecord = firstCalls / (double)n;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {n} records, {distinct} distinct report strings, {first.UniqueReports} distinct normalised reports " +
                $"({first.Skipped} without features) | pass 1: {firstCalls} calls = {perRecord:0.000} per record " +
                $"(vs 1 without de-duplication) in {firstSeconds:0.00} s | pass 2 (cache reopened): {secondCalls} calls, " +
                $"{second.CacheHits} cache hits in {secondSeconds:0.00} s"));
            return new BenchmarkResult(Name, $"{Measure} ({label}, {n} records)")
            {
                Value = perRecord,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"{firstCalls} calls for {n} records ({first.UniqueReports} distinct); cached pass: {secondCalls} calls"),
                Note = secondCalls == 0 ? null : $"the cached pass made {secondCalls} calls",
                Figures = new()
                {
                    ["records"] = n, ["distinctReports"] = distinct, ["distinctNormalisedReports"] = first.UniqueReports,
                    ["firstPassCalls"] = firstCalls, ["callsPerRecord"] = perRecord, ["secondPassCalls"] = secondCalls,
                    ["secondPassCacheHits"] = second.CacheHits, ["firstPassSeconds"] = firstSeconds, ["secondPassSeconds"] = secondSeconds,
                },
            };
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One pass over all reports with a fresh runner and the cache file opened anew.</summary>
    private static (CachedProposalRunner Runner, double Seconds) Pass(IWaveformFeatureProposer proposer, string cachePath, string[] reports)
    {
        using var cache = new ProposalCache(cachePath);
        var runner = new CachedProposalRunner(proposer, cache) { Log = _ => { } };
        long start = Stopwatch.GetTimestamp();
        var answers = runner.ProposeAllAsync(reports).GetAwaiter().GetResult();
        if (answers.Count != reports.Distinct(StringComparer.Ordinal).Count())
            throw new InvalidOperationException($"Expected one answer per distinct report; got {answers.Count}.");
        return (runner, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
