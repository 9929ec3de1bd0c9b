using System.Collections.Concurrent;
using FgClep.Enrichment.Proposers;

namespace FgClep.Tests.Enrichment;

[TestClass]
public sealed class ProposerRunnerTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "fgclep-runner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string CachePath => Path.Combine(_dir, "answers.jsonl");

    /// <summary>Counts calls per report; "THROW" in a report fails, "NOLIST" gives an answer without a list.</summary>
    private sealed class CountingProposer : IWaveformFeatureProposer
    {
        public ConcurrentDictionary<string, int> Answered { get; } = new();
        public int Calls;
        public int InFlight, MaxInFlight;
        public Func<int, Task>? OnCall { get; init; }

        public string Id => "counting:1";

        public async Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default)
        {
            int call = Interlocked.Increment(ref Calls);
            int now = Interlocked.Increment(ref InFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref MaxInFlight)) && Interlocked.CompareExchange(ref MaxInFlight, now, seen) != seen) { }
            try
            {
                if (OnCall is not null) await OnCall(call);
                else await Task.Yield();
                if (report.Contains("THROW")) throw new InvalidOperationException("model exploded");
                if (report.Contains("NOLIST")) return new FeatureProposal(Array.Empty<string>(), "I cannot say.", 1);
                Answered.AddOrUpdate(ProposalCache.NormalizeReport(report), 1, (_, n) => n + 1);
                return new FeatureProposal(new[] { "feature of " + ProposalCache.NormalizeReport(report) }, "raw", 0);
            }
            finally
            {
                Interlocked.Decrement(ref InFlight);
            }
        }
    }

    private static List<string> Reports(int unique) =>
        Enumerable.Range(0, unique).SelectMany(i => new[] { $"Report {i}.", $"report {i}", $"REPORT {i}" }).ToList();

    [TestMethod]
    public async Task AsksOncePerNormalizedReportAndMapsEveryOriginal()
    {
        var proposer = new CountingProposer();
        var runner = new CachedProposalRunner(proposer, cache: null);
        var reports = new[] { "Sinus rhythm.", "sinus rhythm", "LVH", "Sinus rhythm.", "  SINUS   rhythm " };
        var result = await runner.ProposeAllAsync(reports);

        Assert.AreEqual(2, proposer.Calls);
        Assert.AreEqual(2, runner.ProposerCalls);
        Assert.AreEqual(2, runner.UniqueReports);
        Assert.AreEqual(0, runner.CacheHits);
        Assert.AreEqual(0, runner.Skipped);
        Assert.HasCount(4, result);
        Assert.AreSame(result["Sinus rhythm."], result["  SINUS   rhythm "]);
        Assert.AreEqual("feature of lvh", result["LVH"].Features[0]);
    }

    [TestMethod]
    public async Task CacheHitsNeverCallTheProposer()
    {
        var reports = Reports(10);
        using (var cache = new ProposalCache(CachePath))
            await new CachedProposalRunner(new CountingProposer(), cache).ProposeAllAsync(reports);

        var proposer = new CountingProposer();
        using var reopened = new ProposalCache(CachePath);
        var runner = new CachedProposalRunner(proposer, reopened);
        var progress = new List<int>();
        var result = await runner.ProposeAllAsync(reports, new Progress<int>(progress.Add));

        Assert.AreEqual(0, proposer.Calls);
        Assert.AreEqual(0, runner.ProposerCalls);
        Assert.AreEqual(10, runner.CacheHits);
        Assert.AreEqual(10, runner.UniqueReports);
        Assert.HasCount(30, result);
        Assert.AreEqual("feature of report 7", result["REPORT 7"].Features[0]);
    }

    [TestMethod]
    public async Task ConcurrencyIsBounded()
    {
        var proposer = new CountingProposer { OnCall = _ => Task.Delay(15) };
        var runner = new CachedProposalRunner(proposer, cache: null, maxConcurrency: 3);
        await runner.ProposeAllAsync(Reports(24));
        Assert.AreEqual(24, proposer.Calls);
        Assert.IsLessThanOrEqualTo(3, proposer.MaxInFlight);
        Assert.IsGreaterThanOrEqualTo(2, proposer.MaxInFlight, "requests should overlap");
    }

    [TestMethod]
    public async Task BadInputIsCountedAndPassedThroughNeverCrashing()
    {
        var proposer = new CountingProposer();
        var logs = new ConcurrentBag<string>();
        using var cache = new ProposalCache(CachePath);
        // One failure in three reports: allowed here, this test is about bad input passing through.
        var runner = new CachedProposalRunner(proposer, cache) { Log = logs.Add, MaxFailedShare = 1 };
        var reports = new[] { "", "   ", "...", null!, "Please THROW.", "NOLIST here", "Sinus rhythm." };
        var result = await runner.ProposeAllAsync(reports);

        Assert.HasCount(6, result, "null reads as the empty report");
        foreach (var bad in new[] { "", "   ", "...", "Please THROW.", "NOLIST here" })
            Assert.IsEmpty(result[bad].Features, bad);
        Assert.HasCount(1, result["Sinus rhythm."].Features);
        Assert.AreEqual(3, runner.Skipped, "the empty group, the failure and the answer without a list");
        Assert.AreEqual(3, runner.UniqueReports);
        Assert.AreEqual(3, runner.ProposerCalls);
        Assert.HasCount(3, logs);
        Assert.IsTrue(logs.Any(l => l.Contains("model exploded")));

        // The failure is not cached (asked again next time); the answer without a list is.
        var again = new CountingProposer();
        var second = new CachedProposalRunner(again, cache) { Log = _ => { }, MaxFailedShare = 1 };
        await second.ProposeAllAsync(reports);
        Assert.AreEqual(1, again.Calls);
        Assert.AreEqual(2, second.CacheHits);
    }

    [TestMethod]
    public async Task MoreFailuresThanAllowedFailTheRunWithTheCount()
    {
        var proposer = new CountingProposer();
        var runner = new CachedProposalRunner(proposer, cache: null) { Log = _ => { } };
        var reports = Enumerable.Range(0, 10).Select(i => i < 2 ? $"THROW {i}" : $"report {i}").ToArray();
        var e = await Assert.ThrowsExactlyAsync<ProposerFailedException>(() => runner.ProposeAllAsync(reports));
        Assert.AreEqual(2, e.Failed);
        Assert.AreEqual(10, e.Total);
        Assert.Contains("2 of 10 distinct reports failed", e.Message);
        Assert.Contains("model exploded", e.Message);
        Assert.AreEqual(10, proposer.Calls, "every report is tried before the run fails");

        var tolerant = new CachedProposalRunner(new CountingProposer(), cache: null) { Log = _ => { }, MaxFailedShare = 0.2 };
        var answers = await tolerant.ProposeAllAsync(reports);
        Assert.HasCount(10, answers);
        Assert.AreEqual(2, tolerant.Failed);
    }

    [TestMethod]
    public async Task CancelledRunLosesNoAnswerAndResumeAsksOnlyTheRest()
    {
        var reports = Reports(40);
        using var cts = new CancellationTokenSource();
        var first = new CountingProposer { OnCall = async call => { if (call == 15) await cts.CancelAsync(); await Task.Yield(); } };
        using (var cache = new ProposalCache(CachePath))
        {
            var runner = new CachedProposalRunner(first, cache, maxConcurrency: 2);
            await Assert.ThrowsAsync<OperationCanceledException>(() => runner.ProposeAllAsync(reports, ct: cts.Token));
            Assert.IsLessThan(40, first.Calls, "the run stopped early");
            Assert.AreEqual(first.Answered.Count, cache.Count, "every answer received is in the cache");
        }

        var second = new CountingProposer();
        using (var cache = new ProposalCache(CachePath))
        {
            var runner = new CachedProposalRunner(second, cache, maxConcurrency: 2);
            var result = await runner.ProposeAllAsync(reports);
            Assert.HasCount(120, result);
            Assert.AreEqual(first.Answered.Count, runner.CacheHits);
        }

        foreach (var key in first.Answered.Keys) Assert.IsFalse(second.Answered.ContainsKey(key), $"'{key}' was asked twice");
        Assert.AreEqual(40, first.Answered.Count + second.Answered.Count);
        Assert.IsTrue(first.Answered.Values.Concat(second.Answered.Values).All(n => n == 1));
    }

    [TestMethod]
    public async Task AbruptStopMidLineRequestsOnlyTheTornAnswerAgain()
    {
        var reports = Reports(12);
        var first = new CountingProposer();
        using (var cache = new ProposalCache(CachePath))
            await new CachedProposalRunner(first, cache, maxConcurrency: 1).ProposeAllAsync(reports.Take(18)); // reports 0..5

        // The process dies while writing the sixth line: cut it in the middle.
        var bytes = File.ReadAllBytes(CachePath);
        int lastLineStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        File.WriteAllBytes(CachePath, bytes[..(lastLineStart + (bytes.Length - lastLineStart) / 2)]);

        var second = new CountingProposer();
        using (var cache = new ProposalCache(CachePath))
        {
            Assert.AreEqual(5, cache.Count);
            Assert.AreEqual(1, cache.CorruptLines);
            var runner = new CachedProposalRunner(second, cache, maxConcurrency: 1);
            var result = await runner.ProposeAllAsync(reports);
            Assert.HasCount(36, result);
            Assert.AreEqual(5, runner.CacheHits);
            Assert.AreEqual(7, runner.ProposerCalls, "the torn answer and the six never asked");
        }

        using var reopened = new ProposalCache(CachePath);
        Assert.AreEqual(12, reopened.Count);
        Assert.AreEqual(0, reopened.CorruptLines);
        Assert.AreEqual(7, second.Calls);
        Assert.AreEqual(12, first.Answered.Keys.Union(second.Answered.Keys).Count());
    }

    [TestMethod]
    public async Task CallerCancellationPropagatesFromTheProposer()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var runner = new CachedProposalRunner(new CountingProposer(), cache: null);
        await Assert.ThrowsAsync<OperationCanceledException>(() => runner.ProposeAllAsync(Reports(3), ct: cts.Token));
    }

    [TestMethod]
    public void RejectsBadArguments()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new CachedProposalRunner(null!, null));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CachedProposalRunner(new CountingProposer(), null, 0));
    }
}
