using FgClep.Datasets.Challenge;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class CpscChallengeDatasetTests
{
    private static string WriteHeaders(int count, Func<int, string> dx, bool withSignals = false)
    {
        var dir = DataTestFiles.NewDirectory();
        for (int i = 1; i <= count; i++)
        {
            var sub = Path.Combine(dir, i % 2 == 0 ? "g1" : "g2");
            Directory.CreateDirectory(sub);
            var name = $"A{i:D4}";
            File.WriteAllText(Path.Combine(sub, name + ".hea"),
                $"{name} 12 500 5000 05-May-2020 14:50:55\n" +
                string.Concat(StandardLeads.Twelve.Select(l => $"{name}.mat 16+24 1000/mV 16 0 0 0 0 {l}\n")) +
                $"#Age: {40 + i}\n#Sex: Female\n#Dx: {dx(i)}\n#Rx: Unknown\n");
            if (withSignals)
                File.WriteAllBytes(Path.Combine(sub, name + ".mat"),
                    MatV4WriterForTests.ChallengeVal(Enumerable.Range(0, 12).Select(_ => new short[5000]).ToArray()));
        }
        return dir;
    }

    private static PhysioNetChallengeDataset Open(string dir, List<string> log, string? split = null, int seed = 42, SnomedLabelMap? map = null)
        => new(dir, map ?? Cpsc2018Labels.LabelMap, split, seed, 0.7, 0.1, DataTestFiles.FakeReader(log));

    [TestMethod]
    public void SplitsSeventyTenTwentyDeterministicallyBySeed()
    {
        var dir = WriteHeaders(50, _ => "426783006");
        var log = new List<string>();
        var bySplit = new[] { "train", "validation", "test" }.ToDictionary(s => s, s => Open(dir, log, s).GetRecords().Select(r => r.RecordId).ToList());
        Assert.HasCount(35, bySplit["train"]);
        Assert.HasCount(5, bySplit["validation"]);
        Assert.HasCount(10, bySplit["test"]);
        Assert.HasCount(50, bySplit.Values.SelectMany(v => v).Distinct());
        CollectionAssert.AreEqual(bySplit["test"], Open(dir, log, "test").GetRecords().Select(r => r.RecordId).ToList());
        CollectionAssert.AreNotEqual(bySplit["test"], Open(dir, log, "test", seed: 7).GetRecords().Select(r => r.RecordId).ToList());
        Assert.AreEqual(35L, Open(dir, log, "train").Count);
        Assert.IsTrue(Open(dir, log).GetRecords().All(r => r.Split is "train" or "validation" or "test"));
    }

    [TestMethod]
    public void LabelsComeFromDxCodesThroughTheMap()
    {
        // Real signal files: the labels and metadata come from the WFDB reader's one parse of each header.
        var dir = WriteHeaders(3, i => i switch { 1 => "164889003,59118001", 2 => "713427006, 999999", _ => "" }, withSignals: true);
        var log = new List<string>();
        EcgRecord Read(string path)
        {
            log.Add(path);
            return WfdbRecordReader.Read(path);
        }
        var records = new PhysioNetChallengeDataset(dir, Cpsc2018Labels.LabelMap, null, 42, 0.7, 0.1, Read).GetRecords().ToDictionary(r => r.RecordId);
        CollectionAssert.AreEqual(new[] { "AFIB", "CRBBB" }, records["A0001"].Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "CRBBB" }, records["A0002"].Labels.ToArray());
        Assert.IsEmpty(records["A0003"].Labels);
        Assert.AreEqual("41", records["A0001"].Metadata["Age"]);
        Assert.AreEqual("Female", records["A0001"].Metadata["Sex"]);
        Assert.IsTrue(log.All(p => !p.EndsWith(".hea", StringComparison.Ordinal)));
        Assert.IsTrue(log.Any(p => p.EndsWith(Path.Combine("g2", "A0001"), StringComparison.Ordinal)));

        var raw = new PhysioNetChallengeDataset(dir, null, null, 42, 0.7, 0.1, Read).GetRecords().ToDictionary(r => r.RecordId);
        CollectionAssert.AreEqual(new[] { "713427006", "999999" }, raw["A0002"].Labels.ToArray());
    }

    [TestMethod]
    public void RecordsAreReadLazily()
    {
        var dir = WriteHeaders(20, _ => "426783006");
        var log = new List<string>();
        var dataset = Open(dir, log);
        Assert.IsEmpty(log);
        _ = dataset.GetRecords().Take(2).ToList();
        Assert.HasCount(2, log);
    }

    [TestMethod]
    public void RejectsMissingFolderUnknownSplitAndDuplicateNames()
    {
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => new PhysioNetChallengeDataset("/no/such/cpsc")).Message, "/no/such/cpsc");
        var dir = WriteHeaders(2, _ => "426783006");
        Assert.ThrowsExactly<ArgumentException>(() => new PhysioNetChallengeDataset(dir, split: "val"));
        File.Copy(Path.Combine(dir, "g2", "A0001.hea"), Path.Combine(dir, "g1", "A0001.hea"));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PhysioNetChallengeDataset(dir)).Message, "A0001");
    }
}
