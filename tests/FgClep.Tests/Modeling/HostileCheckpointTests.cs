using FgClep.Training;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

/// <summary>Checkpoint files whose length prefixes exceed the file.</summary>
[TestClass]
public sealed class HostileCheckpointTests
{
    [TestMethod]
    public void HeaderLengthBeyondTheFileIsRefusedBeforeReading()
    {
        var path = Path.Combine(DataTestFiles.NewDirectory(), "checkpoint.bin");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("FGCLEPCK"u8);
            writer.Write(ClepCheckpoint.FormatVersion);
            writer.Write7BitEncodedInt(2_000_000_000);
            writer.Write("{}"u8);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ClepCheckpoint.ReadHeader(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, e.Message);
        Assert.Contains("2000000000", e.Message);
        Assert.IsLessThan(1L << 20, allocated, $"{allocated} bytes were allocated");
    }
}
