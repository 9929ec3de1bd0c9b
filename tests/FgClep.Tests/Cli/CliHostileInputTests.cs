using FgClep.Tests.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Cli;

/// <summary>Hostile input through the tool as users run it: every case exits 2 promptly with a message naming the file at fault.</summary>
[TestClass]
public sealed class CliHostileInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static CliProcess.Result RunBad(string dir, params string[] args)
    {
        var r = CliProcess.Run(dir, Limit, args);
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.DoesNotContain("   at ", r.Error, "no stack trace: " + r);
        return r;
    }

    [TestMethod]
    public void NamedPipeAsModelIsBadInputInsteadOfHanging()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("named pipes are made with mkfifo");
        var dir = CliTestRun.TempDirectory("fifo");
        HostileWfdbTests.MakeFifo(Path.Combine(dir, "model.fgclep"));

        var r = RunBad(dir, "zeroshot", "--model", "model.fgclep", "--synthetic", "4", "--split", "all");

        Assert.Contains("model.fgclep", r.Error);
        Assert.Contains("named pipe", r.Error);
    }

    [TestMethod]
    public void NamedPipeAsConfigIsBadInput()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("named pipes are made with mkfifo");
        var dir = CliTestRun.TempDirectory("fifo-config");
        HostileWfdbTests.MakeFifo(Path.Combine(dir, "settings.json"));

        var r = RunBad(dir, "pretrain", "--config", "settings.json");

        Assert.Contains("settings.json", r.Error);
        Assert.Contains("named pipe", r.Error);
    }

    [TestMethod]
    public void ModelWhoseConfigIsFarLargerThanItsWeightsIsBadInput()
    {
        var dir = CliTestRun.TempDirectory("bigconfig");
        File.WriteAllBytes(Path.Combine(dir, "big.fgclep"), ModelPackageForTests.WithTextHiddenSize(ModelPackageForTests.Tiny(), 24000));

        var r = RunBad(dir, "zeroshot", "--model", "big.fgclep", "--synthetic", "4", "--split", "all");

        Assert.Contains("big.fgclep", r.Error);
        Assert.Contains("config.json", r.Error);
    }

    [TestMethod]
    public void HeaderClaimingTwoBillionSamplesIsBadInput()
    {
        var dir = CliTestRun.TempDirectory("huge-header");
        File.WriteAllText(Path.Combine(dir, "big.hea"), "big 1 500 2000000000\nbig.dat 16 1000/mV 16 0 0 0 0 I\n");
        File.WriteAllBytes(Path.Combine(dir, "big.dat"), new byte[20]);

        var r = RunBad(dir, "inspect", "big");

        Assert.Contains("big.dat", r.Error);
        Assert.Contains("too short", r.Error);
    }

    [TestMethod]
    public void SignalFileOutsideTheRecordFolderIsBadInput()
    {
        var dir = CliTestRun.TempDirectory("traversal");
        File.WriteAllText(Path.Combine(dir, "rec.hea"), "rec 1 500 10\n../../../../etc/passwd 16 1000/mV 16 0 0 0 0 I\n");

        var r = RunBad(dir, "inspect", "rec");

        Assert.Contains("rec.hea", r.Error);
        Assert.Contains("../../../../etc/passwd", r.Error);
        Assert.Contains("record's folder", r.Error);
    }
}
