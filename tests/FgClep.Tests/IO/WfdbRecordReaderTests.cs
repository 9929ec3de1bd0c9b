using System.Buffers.Binary;
using FgClep.IO;
using FgClep.IO.MatV4;
using FgClep.IO.Wfdb;
using FgClep.Preprocessing;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class WfdbRecordReaderTests
{
    private static readonly string[] PtbXlLeads = { "I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6" };

    [TestMethod]
    [DataRow("records100/00000/00001_lr", 100, 1000)]
    [DataRow("records500/00000/00001_hr", 500, 5000)]
    [DataRow("records500/00000/00250_hr", 500, 5000)]
    public void ReadsRealPtbXlRecords(string relative, int rate, int samples)
    {
        var root = SharedData.RequireDirectory("data/ptbxl");
        var path = Path.Combine(root, relative);
        var header = WfdbHeaderParser.ParseFile(path + ".hea");
        var record = WfdbRecordReader.Read(path);

        Assert.AreEqual(Path.GetFileName(relative), record.RecordId);
        CollectionAssert.AreEqual(PtbXlLeads, record.LeadNames.ToArray());
        Assert.AreEqual(rate, record.SamplingRate);
        Assert.AreEqual(samples, record.SampleCount);
        Assert.AreEqual("mV", record.Units);
        var layout = LeadLayout.Create(record.LeadNames);
        Assert.AreEqual(12, layout.PresentLeadCount);

        // Independent decode of the raw bytes: interleaved little-endian int16, gain 1000/mV.
        var dat = File.ReadAllBytes(path + ".dat");
        Assert.HasCount(12 * samples * 2, dat);
        for (int lead = 0; lead < 12; lead++)
        {
            var spec = header.Signals[lead];
            Assert.AreEqual(spec.InitialValue!.Value / 1000f, record.Lead(lead)[0], 1e-7f, "first sample equals the initial value");
            var values = record.Lead(lead);
            foreach (int t in new[] { 1, samples / 3, samples - 1 })
            {
                short raw = BinaryPrimitives.ReadInt16LittleEndian(dat.AsSpan(2 * (t * 12 + lead)));
                Assert.AreEqual(raw / 1000f, values[t], 1e-7f, $"lead {lead} sample {t}");
            }
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
            Assert.IsGreaterThan(-10f, min, $"lead {PtbXlLeads[lead]} minimum {min} mV is implausible");
            Assert.IsLessThan(10f, max, $"lead {PtbXlLeads[lead]} maximum {max} mV is implausible");
            Assert.IsGreaterThan(0.05f, max - min, $"lead {PtbXlLeads[lead]} is flat");
        }
    }

    [TestMethod]
    public void EveryLocalPtbXlRecordPassesChecksums()
    {
        var root = SharedData.RequireDirectory("data/ptbxl");
        int count = 0;
        foreach (var folder in new[] { "records100", "records500" })
        {
            foreach (var hea in ContainedFileSearch.Find(Path.Combine(root, folder), "*.hea"))
            {
                var record = WfdbRecordReader.Read(hea[..^4]);
                Assert.AreEqual(12, record.LeadCount);
                count++;
            }
        }
        Assert.IsGreaterThanOrEqualTo(2, count);
    }

    [TestMethod]
    public void ReadsChallengeRecordBackedByMatV4()
    {
        using var dir = new WfdbScratchForTests();
        var leads = new short[12][];
        for (int l = 0; l < 12; l++) leads[l] = Enumerable.Range(0, 50).Select(t => (short)((l + 1) * (t - 25) * 3)).ToArray();
        dir.WriteBytes("A0001.mat", MatV4WriterForTests.ChallengeVal(leads));
        var names = new[] { "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6" };
        var header = "A0001 12 500 50 11:05:15 05-Feb-2020\n"
            + string.Concat(Enumerable.Range(0, 12).Select(l => WfdbSignalReaderTests.SignalLine("A0001.mat", "16+24", "1000/mV", leads[l].Select(v => (int)v).ToArray(), names[l])))
            + "#Age: 74\n#Sex: Female\n#Dx: 59118001,164884008\n#Rx: Unknown\n";
        dir.WriteText("A0001.hea", header);

        var record = WfdbRecordReader.Read(dir.PathOf("A0001"));
        Assert.AreEqual("A0001", record.RecordId);
        CollectionAssert.AreEqual(names, record.LeadNames.ToArray());
        Assert.AreEqual(50, record.SampleCount);
        Assert.AreEqual(leads[7][10] / 1000f, record.Lead(7)[10], 1e-7f);
        CollectionAssert.AreEqual(new[] { "59118001", "164884008" }, record.Labels.ToArray());
        Assert.AreEqual("74", record.Metadata["age"]);
        Assert.AreEqual("Female", record.Metadata["sex"]);
        Assert.AreEqual("Unknown", record.Metadata["rx"]);
        Assert.AreEqual("11:05:15", record.Metadata["base_time"]);
        Assert.Contains("Dx: 59118001,164884008", record.Metadata["comments"]);

        var viaMat = MatV4Reader.ReadMatrix(dir.PathOf("A0001.mat"), "val").ToRowMajorSingle();
        for (int i = 0; i < viaMat.Length; i++) Assert.AreEqual(viaMat[i] / 1000f, record.Signal[i], 1e-7f);
    }

    [TestMethod]
    public void AcceptsPathWithHeaExtension()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("e.dat", WfdbSignalReaderTests.Encode(16, new[] { 1, 2 }));
        dir.WriteText("e.hea", "e 1 100 2\ne.dat 16 100/mV 16 0 1 3 0\n");
        var record = WfdbRecordReader.Read(dir.PathOf("e.hea"));
        CollectionAssert.AreEqual(new[] { "signal 1" }, record.LeadNames.ToArray());
        Assert.AreEqual(0.02f, record.Lead(0)[1], 1e-7f);
    }
}
