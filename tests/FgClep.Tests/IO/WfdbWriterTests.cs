using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class WfdbWriterTests
{
    [TestMethod]
    public void AdcRoundTripIsBitExact()
    {
        using var dir = new WfdbScratchForTests();
        var random = new Random(1234);
        var adc = new short[3 * 257];
        for (int i = 0; i < adc.Length; i++) adc[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        adc[5] = short.MinValue;
        var path = dir.PathOf("rt");
        WfdbWriter.WriteAdc(path, adc, new[] { "I", "lead two", "V6" }, 360, new WfdbWriteOptions { Gain = 200, Baseline = 7, Units = "uV", Comments = new[] { "Age: 5" } });

        var header = WfdbHeaderParser.ParseFile(path + ".hea");
        Assert.AreEqual(360.0, header.SamplingFrequency);
        Assert.AreEqual("lead two", header.Signals[1].Description);
        Assert.AreEqual(7, header.Signals[2].Baseline);
        Assert.AreEqual("uV", header.Signals[0].Units);
        Assert.AreEqual(5.0, header.Age);
        var read = WfdbSignalReader.ReadAdc(header, null, out int n);
        Assert.AreEqual(257, n);
        CollectionAssert.AreEqual(adc.Select(v => (int)v).ToArray(), read);

        var first = File.ReadAllBytes(path + ".dat");
        var again = dir.PathOf("rt2");
        WfdbWriter.WriteAdc(again, read.Select(v => (short)v).ToArray(), new[] { "I", "lead two", "V6" }, 360);
        CollectionAssert.AreEqual(first, File.ReadAllBytes(again + ".dat"));
    }

    [TestMethod]
    public void RewritingARealPtbXlRecordReproducesItsBytes()
    {
        var root = SharedData.RequireDirectory("data/ptbxl");
        var source = Path.Combine(root, "records100/00000/00002_lr");
        var header = WfdbHeaderParser.ParseFile(source + ".hea");
        var adc = WfdbSignalReader.ReadAdc(header, null, out _);
        using var dir = new WfdbScratchForTests();
        var target = dir.PathOf("00002_lr");
        WfdbWriter.WriteAdc(target, adc.Select(v => (short)v).ToArray(), header.Signals.Select(s => s.Description).ToArray(), header.SamplingFrequency);

        CollectionAssert.AreEqual(File.ReadAllBytes(source + ".dat"), File.ReadAllBytes(target + ".dat"));
        var written = WfdbHeaderParser.ParseFile(target + ".hea");
        for (int s = 0; s < 12; s++)
        {
            Assert.AreEqual(header.Signals[s].InitialValue, written.Signals[s].InitialValue);
            Assert.AreEqual((short)header.Signals[s].Checksum!.Value, (short)written.Signals[s].Checksum!.Value);
        }
    }

    [TestMethod]
    public void PhysicalRoundTripQuantisesToTheGainAndKeepsNaN()
    {
        using var dir = new WfdbScratchForTests();
        var signal = new float[2 * 100];
        for (int i = 0; i < signal.Length; i++) signal[i] = MathF.Sin(i * 0.1f) * 2.5f;
        signal[42] = float.NaN;
        var record = new EcgRecord("sine", signal, new[] { "II", "V2" }, 500)
        {
            Labels = new[] { "164889003" },
            Metadata = new Dictionary<string, string> { ["age"] = "61" },
        };
        var path = dir.PathOf("sine");
        WfdbWriter.Write(path, record, new WfdbWriteOptions { Gain = 2000 });
        var back = WfdbRecordReader.Read(path);
        Assert.AreEqual(500.0, back.SamplingRate);
        CollectionAssert.AreEqual(new[] { "II", "V2" }, back.LeadNames.ToArray());
        CollectionAssert.AreEqual(new[] { "164889003" }, back.Labels.ToArray());
        Assert.AreEqual("61", back.Metadata["age"]);
        Assert.IsTrue(float.IsNaN(back.Signal[42]));
        for (int i = 0; i < signal.Length; i++)
            if (i != 42) Assert.AreEqual(signal[i], back.Signal[i], 0.5f / 2000 + 1e-6f, $"sample {i}");
    }

    [TestMethod]
    public void OutOfRangeSampleIsRejected()
    {
        using var dir = new WfdbScratchForTests();
        var record = new EcgRecord("big", new[] { 0f, 40f }, new[] { "I" }, 100);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WfdbWriter.Write(dir.PathOf("big"), record));
        Assert.Contains("smaller gain", e.Message);
    }
}
