using System.Text.Json;
using FgClep.IO.Wfdb;
using FgClep.Tests.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Cli;

[TestClass]
public sealed class CliInspectTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => Cli.CliTestRun.Run(args);

    [TestMethod]
    public void JsonDescribesARealPtbXlRecord()
    {
        var path = Path.Combine(SharedData.RequireDirectory("data/ptbxl"), "records500/00000/00003_hr");
        var (code, output, error) = Run("inspect", path, "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.AreEqual("00003_hr", root.GetProperty("record").GetString());
        Assert.AreEqual(500, root.GetProperty("samplingFrequency").GetDouble());
        Assert.AreEqual(5000, root.GetProperty("samplesPerSignal").GetInt32());
        var leads = root.GetProperty("leads").EnumerateArray().ToArray();
        Assert.HasCount(12, leads);
        Assert.AreEqual("V6", leads[11].GetProperty("name").GetString());

        var record = WfdbRecordReader.Read(path);
        for (int l = 0; l < 12; l++)
        {
            var lead = record.Lead(l).ToArray();
            double mean = lead.Average(v => (double)v);
            double std = Math.Sqrt(lead.Average(v => (v - mean) * (v - mean)));
            Assert.AreEqual("mV", leads[l].GetProperty("units").GetString());
            Assert.AreEqual(1000, leads[l].GetProperty("gain").GetDouble());
            Assert.AreEqual(mean, leads[l].GetProperty("mean").GetDouble(), 1e-5);
            Assert.AreEqual(std, leads[l].GetProperty("std").GetDouble(), 1e-5);
            Assert.AreEqual(lead.Min(), leads[l].GetProperty("min").GetDouble(), 1e-6);
            Assert.AreEqual(lead.Max(), leads[l].GetProperty("max").GetDouble(), 1e-6);
            Assert.IsGreaterThan(0.0, leads[l].GetProperty("std").GetDouble());
        }
    }

    [TestMethod]
    public void TableListsEveryLead()
    {
        var path = Path.Combine(SharedData.RequireDirectory("data/ptbxl"), "records100/00000/00001_lr");
        var (code, output, _) = Run("inspect", path);
        Assert.AreEqual(0, code);
        Assert.Contains("00001_lr", output);
        Assert.Contains("100 Hz", output);
        foreach (var lead in new[] { "AVR", "V1", "V6" }) Assert.Contains(lead, output);
        Assert.Contains("mV", output);
    }

    [TestMethod]
    public void ShowsChallengeFieldsFromComments()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("c.dat", WfdbSignalReaderTests.Encode(16, new[] { 100, -32768, 300 }));
        dir.WriteText("c.hea", "c 1 500 3\nc.dat 16 100/mV 16 0 100 -32368 0 II\n#Age: 61\n#Sex: Male\n#Dx: 164889003\n");
        var (code, output, error) = Run("inspect", dir.PathOf("c"), "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual(61, json.RootElement.GetProperty("age").GetDouble());
        Assert.AreEqual("164889003", json.RootElement.GetProperty("dx")[0].GetString());
        var lead = json.RootElement.GetProperty("leads")[0];
        Assert.AreEqual(1, lead.GetProperty("invalid").GetInt32());
        Assert.AreEqual(2.0, lead.GetProperty("mean").GetDouble(), 1e-6);
    }

    [TestMethod]
    public void MissingRecordIsBadInputWithOneLineAdvice()
    {
        var missing = Path.Combine(Path.GetTempPath(), "fgclep-no-such-dir", "00001_lr");
        var (code, output, error) = Run("inspect", missing);
        Assert.AreEqual(2, code);
        Assert.AreEqual("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines);
        Assert.Contains("not found", lines[0]);
        Assert.Contains("without extension", lines[0]);
    }

    [TestMethod]
    public void DamagedRecordIsBadInput()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteText("d.hea", "d 1 500 10\nd.dat 16 100/mV\n");
        dir.WriteBytes("d.dat", new byte[4]);
        var (code, _, error) = Run("inspect", dir.PathOf("d"));
        Assert.AreEqual(2, code);
        Assert.Contains("too short", error);
        Assert.Contains("re-download", error);
    }

    [TestMethod]
    public void MissingArgumentIsBadInput()
    {
        var (code, _, error) = Run("inspect");
        Assert.AreEqual(2, code);
        Assert.Contains("fgclep inspect --help", error);
    }
}
