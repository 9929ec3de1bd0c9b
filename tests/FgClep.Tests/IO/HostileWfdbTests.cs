using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

/// <summary>WFDB headers that lie: sizes far beyond their signal files, and signal file names that point outside the record's folder.</summary>
[TestClass]
public sealed class HostileWfdbTests
{
    [TestMethod]
    public void HugeSampleCountFailsOnTheFileLengthBeforeAllocating()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteText("big.hea", "big 1 500 2000000000\nbig.dat 16 1000/mV 16 0 0 0 0 I\n");
        dir.WriteBytes("big.dat", new byte[20]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("big")));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(dir.PathOf("big.dat"), e.FilePath);
        Assert.Contains("too short", e.Message);
        Assert.Contains("4000000000 bytes", e.Message);
        Assert.IsLessThan(1L << 20, allocated, $"{allocated} bytes were allocated before the length check");
    }

    [TestMethod]
    [DataRow("../../../../etc/passwd")]
    [DataRow("sub/../../outside.dat")]
    [DataRow("/etc/passwd")]
    public void SignalFileOutsideTheRecordFolderIsRefused(string fileName)
    {
        using var dir = new WfdbScratchForTests();
        Directory.CreateDirectory(dir.PathOf(Path.Combine("records", "sub")));
        dir.WriteBytes("outside.dat", new byte[40]);
        var header = dir.WriteText(Path.Combine("records", "rec.hea"), $"rec 1 500 10\n{fileName} 16 1000/mV 16 0 0 0 0 I\n");

        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(header));

        Assert.AreEqual(header, e.FilePath);
        Assert.AreEqual("line 2", e.Location);
        Assert.Contains(fileName, e.Message);
        Assert.Contains("must lie in the record's folder", e.Message);
    }

    [TestMethod]
    public void SignalFileLinkedOutsideTheRecordFolderIsRefused()
    {
        using var dir = new WfdbScratchForTests();
        using var other = new WfdbScratchForTests();
        var target = other.WriteBytes("secret.dat", new byte[40]);
        File.CreateSymbolicLink(dir.PathOf("rec.dat"), target);
        dir.WriteText("rec.hea", "rec 1 500 10\nrec.dat 16 1000/mV 16 0 0 0 0 I\n");

        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("rec")));

        Assert.Contains(target, e.Message);
        Assert.Contains("outside that folder", e.Message);
    }

    [TestMethod]
    public void SignalFileLinkedInsideTheRecordFolderIsRead()
    {
        using var dir = new WfdbScratchForTests();
        Directory.CreateDirectory(dir.PathOf("store"));
        dir.WriteBytes(Path.Combine("store", "data.dat"), new byte[20]);
        File.CreateSymbolicLink(dir.PathOf("rec.dat"), Path.Combine("store", "data.dat"));
        dir.WriteText("rec.hea", "rec 1 500 10\nrec.dat 16 1000/mV 16 0 0 0 0 I\n");

        var record = WfdbRecordReader.Read(dir.PathOf("rec"));

        Assert.HasCount(10, record.Signal);
    }

    [TestMethod]
    public void NamedPipeAsSignalFileFailsInsteadOfHanging()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("named pipes are made with mkfifo");
        using var dir = new WfdbScratchForTests();
        MakeFifo(dir.PathOf("rec.dat"));
        dir.WriteText("rec.hea", "rec 1 500 0\nrec.dat 16 1000/mV 16 0 0 0 0 I\n");

        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("rec")));

        Assert.Contains("named pipe", e.Message);
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.AreEqual(0, mkfifo.ExitCode, $"mkfifo {path}");
    }
}
