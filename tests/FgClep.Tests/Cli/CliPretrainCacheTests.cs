using System.Text.Json;
using FgClep.Datasets.Cache;

namespace FgClep.Tests.Cli;

/// <summary>'fgclep pretrain --cache': training from the on-disk ECG cache, reused, rebuilt for other data, and resumed.</summary>
[TestClass]
[DoNotParallelize]
public sealed class CliPretrainCacheTests
{
    private static string _dir = "";

    // 40 synthetic records: 32 in the training split, batches of 8 → 4 steps.
    private static readonly string[] Base = { "pretrain", "--synthetic", "40", "--epochs", "1", "--batch-size", "8", "--ecg-width", "8", "--validate", "false", "--lr", "1e-4" };

    [ClassInitialize]
    public static void Init(TestContext _) => _dir = CliTestRun.TempDirectory("pretrain-cache");

    [ClassCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static CliProcess.Result Pretrain(string outName, params string[] extra) =>
        CliProcess.Run(_dir, Base.Concat(new[] { "--out", outName }).Concat(extra).ToArray());

    private static JsonElement Training(string run)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, run, "training.json")));
        return doc.RootElement.Clone();
    }

    private static double[] Losses(string run) =>
        Training(run).GetProperty("losses").EnumerateArray().Select(l => l.GetProperty("loss").GetDouble()).ToArray();

    [TestMethod]
    public void ACacheIsWrittenOnceReusedForTheSameDataAndRebuiltForOtherData()
    {
        var first = Pretrain("first", "--cache", "ecgs");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        var training = Training("first");
        Assert.IsFalse(training.GetProperty("reusedCache").GetBoolean());
        Assert.AreEqual(32, training.GetProperty("pairs").GetInt32());
        Assert.AreEqual(Path.Combine(_dir, "ecgs"), training.GetProperty("cache").GetString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(_dir, "ecgs", "shard-000000.jsonl")), "\"id\":\"synthetic-0\"");

        var second = Pretrain("second", "--cache", "ecgs");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.IsTrue(Training("second").GetProperty("reusedCache").GetBoolean());
        Assert.Contains("already written", second.Output);
        CollectionAssert.AreEqual(Losses("first"), Losses("second"));

        var other = Pretrain("other", "--cache", "ecgs", "--synthetic-seed", "2");
        Assert.AreEqual(0, other.ExitCode, other.ToString());
        Assert.IsFalse(Training("other").GetProperty("reusedCache").GetBoolean(), "other records need a new cache");
        CollectionAssert.AreNotEqual(Losses("first"), Losses("other"));
    }

    [TestMethod]
    public void AStoppedRunResumesFromTheCacheToTheSameLossesAsAStraightRun()
    {
        var straight = Pretrain("straight", "--cache", "resume-ecgs");
        Assert.AreEqual(0, straight.ExitCode, straight.ToString());
        var stopped = Pretrain("stopped", "--cache", "resume-ecgs", "--stop-after-steps", "2");
        Assert.AreEqual(0, stopped.ExitCode, stopped.ToString());
        var rest = Pretrain("stopped", "--cache", "resume-ecgs");
        Assert.AreEqual(0, rest.ExitCode, rest.ToString());
        CollectionAssert.AreEqual(Losses("straight"), Losses("stopped"));
    }

    [TestMethod]
    public void ACacheAnotherRunIsWritingIsRefusedWithAdvice()
    {
        using var other = EcgShardCacheWriter.Open(Path.Combine(_dir, "busy"), "another run's key", 12, 1000);
        var r = Pretrain("busy-run", "--cache", "busy");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("another run is writing it", r.Error);
        Assert.Contains("--cache", r.Error);
        Assert.DoesNotContain("please report", r.Error);
    }

    [TestMethod]
    public void ACacheThatIsAFileIsBadUsage()
    {
        File.WriteAllText(Path.Combine(_dir, "a-file"), "not a folder");
        var r = Pretrain("file", "--cache", "a-file");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("a-file", r.Error);
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "file", "model.fgclep")));
    }
}
