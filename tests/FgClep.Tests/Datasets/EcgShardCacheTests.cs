using FgClep.Datasets.Cache;
using FgClep.IO;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class EcgShardCacheTests
{
    private const int Leads = 3, Samples = 5;
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("fgclep-shards-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static float[] Signal(int record) =>
        Enumerable.Range(0, Leads * Samples).Select(k => (float)Math.Sin(record * 0.7 + k * 0.3) * (1 + record % 3)).ToArray();

    private static void Write(EcgShardCacheWriter writer, int from, int to)
    {
        for (int i = from; i < to; i++) writer.Append(Signal(i), $"report {i % 4}", $"r{i}");
    }

    private string Build(int count, string key = "k", int perShard = 4)
    {
        using var writer = EcgShardCacheWriter.Open(_dir, key, Leads, Samples, perShard);
        Write(writer, 0, count);
        writer.Complete();
        return _dir;
    }

    [TestMethod]
    public void RecordsComeBackAsWrittenToFloat16Precision()
    {
        Build(10);
        using var cache = EcgShardCache.Open(_dir, "k");
        Assert.AreEqual(10, cache.Count);
        Assert.HasCount(3, Directory.GetFiles(_dir, "shard-*.f16"), "10 records at 4 per shard are 3 shards");
        var read = new float[Leads * Samples];
        for (int i = 0; i < 10; i++)
        {
            cache.ReadSignal(i, read);
            var written = Signal(i);
            for (int k = 0; k < read.Length; k++)
                Assert.AreEqual(written[k], read[k], Math.Abs(written[k]) / 1024 + 1e-7, $"record {i} value {k}");
            Assert.AreEqual($"r{i}", cache.RecordId(i));
            Assert.AreEqual($"report {i % 4}", cache.Report(i));
        }
        Assert.AreEqual(10L * Leads * Samples * 2, cache.SignalBytes);
    }

    [TestMethod]
    public void AnInterruptedWriteResumesAfterItsLastSealedShardAndEndsAsAnUninterruptedOne()
    {
        using (var writer = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4))
            Write(writer, 0, 7); // shard 0 sealed, records 4-6 in a shard that was never sealed
        Assert.IsEmpty(Directory.GetFiles(_dir, "*.part"), "the unsealed shard's files are removed");
        Assert.ThrowsExactly<FgClepFormatException>(() => EcgShardCache.Open(_dir));

        using (var writer = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4))
        {
            Assert.AreEqual(4, writer.ResumedRecords);
            Assert.IsFalse(writer.IsComplete);
            Write(writer, 4, 10);
            writer.Complete();
        }
        var resumed = Directory.GetFiles(_dir, "shard-*").Order().Select(File.ReadAllBytes).ToList();

        var straight = Directory.CreateTempSubdirectory("fgclep-shards-straight-").FullName;
        try
        {
            using (var writer = EcgShardCacheWriter.Open(straight, "k", Leads, Samples, 4))
            {
                Write(writer, 0, 10);
                writer.Complete();
            }
            var expected = Directory.GetFiles(straight, "shard-*").Order().Select(File.ReadAllBytes).ToList();
            Assert.HasCount(expected.Count, resumed);
            for (int i = 0; i < expected.Count; i++) CollectionAssert.AreEqual(expected[i], resumed[i], $"shard file {i}");
        }
        finally
        {
            Directory.Delete(straight, recursive: true);
        }
    }

    [TestMethod]
    public void ACompleteCacheWithTheSameKeyIsKeptAndRefusesMoreRecords()
    {
        Build(6);
        using var writer = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4);
        Assert.IsTrue(writer.IsComplete);
        Assert.AreEqual(6, writer.Count);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => writer.Append(Signal(0), "x", "r0"));
        Assert.Contains("complete", error.Message);
    }

    [TestMethod]
    public void AnotherKeyRebuildsTheCacheAndLeavesOtherFilesAlone()
    {
        Build(6);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(_dir, "shard-notes.md"), "mine too");
        using (var writer = EcgShardCacheWriter.Open(_dir, "other", Leads, Samples, 4))
        {
            Assert.AreEqual(0, writer.ResumedRecords);
            Assert.IsFalse(writer.IsComplete);
            Assert.IsEmpty(Directory.GetFiles(_dir, "shard-*.f16"), "the old shards are deleted");
            Write(writer, 0, 2);
            writer.Complete();
        }
        Assert.AreEqual("mine", File.ReadAllText(Path.Combine(_dir, "notes.txt")));
        Assert.AreEqual("mine too", File.ReadAllText(Path.Combine(_dir, "shard-notes.md")));
        using var cache = EcgShardCache.Open(_dir, "other");
        Assert.AreEqual(2, cache.Count);
        Assert.ThrowsExactly<FgClepFormatException>(() => EcgShardCache.Open(_dir, "k").Dispose());
    }

    [TestMethod]
    public void ADamagedByteIsNamedWhenItsRecordIsRead()
    {
        Build(6);
        string shard = Path.Combine(_dir, "shard-000001.f16");
        var bytes = File.ReadAllBytes(shard);
        bytes[Leads * Samples * 2 + 3] ^= 0x40; // record 5 = second record of shard 1
        File.WriteAllBytes(shard, bytes);
        using var cache = EcgShardCache.Open(_dir);
        var read = new float[Leads * Samples];
        cache.ReadSignal(4, read);
        var error = Assert.ThrowsExactly<FgClepFormatException>(() => cache.ReadSignal(5, read));
        Assert.AreEqual(shard, error.FilePath);
        Assert.Contains("r5", error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [TestMethod]
    public void ATruncatedShardOrAMissingLineIsRefusedOnOpen()
    {
        Build(6);
        string shard = Path.Combine(_dir, "shard-000000.f16");
        var bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..^1]);
        var error = Assert.ThrowsExactly<FgClepFormatException>(() => EcgShardCache.Open(_dir));
        Assert.AreEqual(shard, error.FilePath);
        Assert.Contains($"{bytes.Length - 1} bytes", error.Message);
        File.WriteAllBytes(shard, bytes);

        string lines = Path.Combine(_dir, "shard-000001.jsonl");
        File.WriteAllLines(lines, File.ReadAllLines(lines)[..1]);
        error = Assert.ThrowsExactly<FgClepFormatException>(() => EcgShardCache.Open(_dir));
        Assert.AreEqual(lines, error.FilePath);
        Assert.Contains("1 record lines", error.Message);
    }

    [TestMethod]
    public void ABadManifestIsNamedAndAWriterRebuildsOverIt()
    {
        Build(6);
        string manifest = Path.Combine(_dir, "manifest.json");
        File.WriteAllText(manifest, "{ not json");
        var error = Assert.ThrowsExactly<FgClepFormatException>(() => EcgShardCache.Open(_dir));
        Assert.AreEqual(manifest, error.FilePath);
        using var writer = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4);
        Assert.AreEqual(0, writer.ResumedRecords);
    }

    [TestMethod]
    public void ValuesFloat16CannotHoldAndEmptyReportsAreRefusedByRecord()
    {
        using var writer = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4);
        var signal = Signal(1);
        signal[7] = 70000f;
        var error = Assert.ThrowsExactly<ArgumentException>(() => writer.Append(signal, "ok", "rec-9"));
        Assert.Contains("rec-9", error.Message);
        Assert.Contains("index 7", error.Message);
        signal[7] = float.NaN;
        Assert.Contains("rec-9", Assert.ThrowsExactly<ArgumentException>(() => writer.Append(signal, "ok", "rec-9")).Message);
        Assert.Contains("rec-3", Assert.ThrowsExactly<ArgumentException>(() => writer.Append(Signal(3), "  ", "rec-3")).Message);
        Assert.Contains("15", Assert.ThrowsExactly<ArgumentException>(() => writer.Append(new float[4], "ok", "rec-4")).Message);
        Assert.AreEqual(0, writer.Count);
    }

    [TestMethod]
    public void ASecondWriterIsRefusedWhileTheFirstIsOpen()
    {
        using var first = EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4);
        var error = Assert.ThrowsExactly<EcgShardCacheInUseException>(() => EcgShardCacheWriter.Open(_dir, "k", Leads, Samples, 4));
        Assert.Contains(_dir, error.Message);
        Assert.AreEqual(_dir, error.Directory);
    }

    [TestMethod]
    public void KeysDifferWhenAnyPartDiffers()
    {
        Assert.AreEqual(EcgShardCache.KeyOf("a", "b"), EcgShardCache.KeyOf("a", "b"));
        Assert.AreNotEqual(EcgShardCache.KeyOf("a", "b"), EcgShardCache.KeyOf("a\nb"));
        Assert.AreNotEqual(EcgShardCache.KeyOf("a", "b"), EcgShardCache.KeyOf("b", "a"));
        Assert.IsTrue(EcgShardCache.IsComplete(Build(2), "k"));
        Assert.IsFalse(EcgShardCache.IsComplete(_dir, "other"));
        Assert.IsFalse(EcgShardCache.IsComplete(Path.Combine(_dir, "missing"), "k"));
    }
}
