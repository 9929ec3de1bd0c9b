using System.Text.Json;

namespace FgClep.Tests.Cli;

/// <summary>'fgclep pretrain' re-run, stopped, resumed and pointed at damaged or foreign checkpoints, one process per command.</summary>
[TestClass]
[DoNotParallelize]
public sealed class CliPretrainResumeTests
{
    private static string _dir = "";

    // 40 synthetic records: 32 in the training split, batches of 8 → 4 steps.
    private static readonly string[] Base = { "pretrain", "--synthetic", "40", "--epochs", "1", "--batch-size", "8", "--ecg-width", "8", "--validate", "false", "--lr", "1e-4" };

    [ClassInitialize]
    public static void Init(TestContext _) => _dir = CliTestRun.TempDirectory("pretrain-resume");

    [ClassCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static CliProcess.Result Pretrain(string outName, params string[] extra) =>
        CliProcess.Run(_dir, Base.Concat(new[] { "--out", outName }).Concat(extra).ToArray());

    private static string PathOf(params string[] parts) => Path.Combine(new[] { _dir }.Concat(parts).ToArray());

    private static string Checkpoint(string run) => PathOf(run, "checkpoints", "checkpoint.fgclepck");

    private static JsonElement Training(string run)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(run, "training.json")));
        return doc.RootElement.Clone();
    }

    private static int[] LossSteps(JsonElement training) =>
        training.GetProperty("losses").EnumerateArray().Select(l => l.GetProperty("step").GetInt32()).ToArray();

    [TestMethod]
    public void RerunningAFinishedRunWithItsConfigKeepsItsTrainingLog()
    {
        var first = Pretrain("finished");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        var before = Training("finished");
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, LossSteps(before));

        var again = CliProcess.Run(_dir, "pretrain", "--config", Path.Combine("finished", "pretrain.config.json"));
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        var after = Training("finished");
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, LossSteps(after));
        Assert.AreEqual(4, after.GetProperty("steps").GetInt32());
        Assert.IsTrue(after.GetProperty("finished").GetBoolean());
        Assert.AreEqual(before.GetProperty("finalLoss").GetDouble(), after.GetProperty("finalLoss").GetDouble());
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("-5")]
    public void StopAfterStepsBelowOneIsBadUsage(string steps)
    {
        var r = Pretrain("stop" + steps, "--stop-after-steps", steps);
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("--stop-after-steps", r.Error);
        Assert.IsFalse(File.Exists(PathOf("stop" + steps, "model.fgclep")));
    }

    [TestMethod]
    public void AResumedRunKeepsTheWholeLossHistoryAndRefusesAStopBeforeItsCheckpoint()
    {
        var first = Pretrain("resumed", "--stop-after-steps", "2");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.IsFalse(Training("resumed").GetProperty("finished").GetBoolean());

        var early = Pretrain("resumed", "--stop-after-steps", "2");
        Assert.AreEqual(2, early.ExitCode, early.ToString());
        Assert.Contains("step 2", early.Error);
        Assert.Contains("--stop-after-steps", early.Error);

        var rest = Pretrain("resumed");
        Assert.AreEqual(0, rest.ExitCode, rest.ToString());
        var training = Training("resumed");
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, LossSteps(training), "the steps before the interruption are kept");
        Assert.AreEqual(2, training.GetProperty("resumedFromStep").GetInt32());
        Assert.IsTrue(training.GetProperty("finished").GetBoolean());
    }

    [TestMethod]
    public void ATruncatedCheckpointIsBadInputNamingItAndRestart()
    {
        Assert.AreEqual(0, Pretrain("truncated", "--stop-after-steps", "2").ExitCode);
        var bytes = File.ReadAllBytes(Checkpoint("truncated"));
        File.WriteAllBytes(Checkpoint("truncated"), bytes[..(bytes.Length / 2)]);

        var r = Pretrain("truncated");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("checkpoint.fgclepck", r.Error);
        Assert.Contains("--restart", r.Error);

        var restarted = Pretrain("truncated", "--restart");
        Assert.AreEqual(0, restarted.ExitCode, restarted.ToString());
    }

    [TestMethod]
    public void ACheckpointOfAnotherArchitectureIsRefusedBeforeAnythingIsWritten()
    {
        Assert.AreEqual(0, Pretrain("foreign", "--stop-after-steps", "2").ExitCode);
        File.Delete(PathOf("foreign", "pretrain.config.json"));

        var wider = CliProcess.Run(_dir, Base.Select(a => a == "8" ? "16" : a).Concat(new[] { "--out", "foreign" }).ToArray());
        Assert.AreEqual(2, wider.ExitCode, wider.ToString());
        Assert.Contains("--restart", wider.Error);
        Assert.IsFalse(File.Exists(PathOf("foreign", "pretrain.config.json")), "nothing is written by a refused run");

        var same = Pretrain("foreign");
        Assert.AreEqual(0, same.ExitCode, same.ToString());
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, LossSteps(Training("foreign")));
    }

    [TestMethod]
    public void OrphanTemporaryCheckpointsAreRemovedOnStart()
    {
        var checkpoints = PathOf("orphans", "checkpoints");
        Directory.CreateDirectory(checkpoints);
        // A process id no live process has (above Linux's largest pid_max).
        var orphan = Path.Combine(checkpoints, ".checkpoint.fgclepck.2147483000.tmp");
        File.WriteAllBytes(orphan, new byte[4096]);

        var r = Pretrain("orphans");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        Assert.IsFalse(File.Exists(orphan), r.ToString());
        Assert.IsEmpty(Directory.GetFiles(checkpoints, "*.tmp"));
    }
}
