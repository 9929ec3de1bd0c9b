using System.Globalization;
using System.Text.RegularExpressions;
using FgClep.Cli.Infrastructure;
using FgClep.Enrichment.Proposers;

namespace FgClep.Tests.Cli;

/// <summary>'fgclep enrich openai' against a local HTTP server on 127.0.0.1 that fails, answers oddly, or is not there.</summary>
[TestClass]
[DoNotParallelize]
public sealed partial class CliEnrichOpenAiTests
{
    private const string Records = "12";
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void MakeModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("enrich-openai");
        // Any model serves to verify; one step keeps it quick.
        var (code, _, error) = CliTestRun.Run("pretrain", "--synthetic", Records, "--split", "all", "--epochs", "1", "--ecg-width", "8",
            "--validate", "false", "--lr", "1e-4", "--stop-after-steps", "1", "--out", Path.Combine(_dir, "clep"), "--quiet");
        Assert.AreEqual(0, code, error);
        _model = Path.Combine(_dir, "clep", "model.fgclep");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static CliProcess.Result Enrich(string endpoint, string outName, params string[] extra) =>
        CliProcess.Run(_dir, new[] { "enrich", "openai", "--endpoint", endpoint, "--model", "m", "--clep", _model,
            "--synthetic", Records, "--split", "all", "--out", outName }.Concat(extra).ToArray());

    [GeneratedRegex(@"(\d+) of (\d+) distinct reports")]
    private static partial Regex FailedCount();

    private static (int Failed, int Total) Counts(CliProcess.Result r)
    {
        var m = FailedCount().Match(r.Error);
        Assert.IsTrue(m.Success, "the error gives the count of failed reports: " + r);
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void EveryRequestFailingIsAFailureWithTheCountAndNoReportsFile()
    {
        using var server = new LoopbackHttpServer(500, """{"error":{"message":"boom"}}""");
        var r = Enrich(server.BaseUrl, "http500", "--retries", "0");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        var (failed, total) = Counts(r);
        Assert.AreEqual(total, failed, r.ToString());
        Assert.IsGreaterThan(0, total);
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "http500", FineGrainedReportsFile.FileName)), "no reports without features");
        Assert.DoesNotContain("please report", r.Error);
    }

    [TestMethod]
    public void NothingListeningIsAFailure()
    {
        var r = Enrich($"http://127.0.0.1:{LoopbackHttpServer.ClosedPort()}/v1", "closed", "--retries", "0");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        var (failed, total) = Counts(r);
        Assert.AreEqual(total, failed);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void RetriesAreOursAloneOneRequestPerAttempt(int retries)
    {
        using var server = new LoopbackHttpServer(500, """{"error":{"message":"boom"}}""");
        var r = Enrich(server.BaseUrl, $"retries{retries}", "--retries", retries.ToString(CultureInfo.InvariantCulture));
        var (failed, _) = Counts(r);
        // The first turn of every report fails, so its second turn is never sent.
        Assert.AreEqual(failed * (retries + 1), server.Requests, r.ToString());
        Assert.Contains($"failed after {retries + 1} attempt(s)", r.Error);
    }

    [TestMethod]
    public void AnAnswerWithoutChoicesSaysSo()
    {
        using var server = new LoopbackHttpServer(200, """{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[]}""");
        var r = Enrich(server.BaseUrl, "nochoices", "--retries", "0");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        Assert.Contains("choices", r.Error);
        Assert.DoesNotContain("Index was out of range", r.Error);
    }

    [TestMethod]
    public void TheAllowedShareOfFailuresIsAnOption()
    {
        using var server = new LoopbackHttpServer(500, """{"error":{"message":"boom"}}""");
        var r = Enrich(server.BaseUrl, "allowed", "--retries", "0", "--max-failures", "100");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "allowed", FineGrainedReportsFile.FileName)));
    }

    [TestMethod]
    public void ASecondRunOnTheSameFolderWritesNothing()
    {
        var outDir = Path.Combine(_dir, "locked");
        Directory.CreateDirectory(outDir);
        var config = Path.Combine(outDir, "enrich-openai.config.json");
        File.WriteAllText(config, "{ \"running\": true }");
        // The first run holds the proposal cache (and its lock) while it runs.
        using var running = new ProposalCache(Path.Combine(outDir, "proposals.jsonl"));
        using var server = new LoopbackHttpServer(500, "{}");
        var r = Enrich(server.BaseUrl, "locked", "--retries", "0");
        Assert.AreNotEqual(0, r.ExitCode, r.ToString());
        Assert.Contains("another run", r.Error);
        Assert.AreEqual("{ \"running\": true }", File.ReadAllText(config), "the running run's config is left alone");
        Assert.AreEqual(0, server.Requests);
    }
}
