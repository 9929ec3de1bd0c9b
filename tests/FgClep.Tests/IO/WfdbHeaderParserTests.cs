using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class WfdbHeaderParserTests
{
    private static WfdbHeader Parse(string text) => WfdbHeaderParser.Parse(text, "test.hea");

    [TestMethod]
    public void ParsesPtbXlStyleHeader()
    {
        var h = Parse("00001_lr 12 100 1000\n" + string.Concat(Enumerable.Range(0, 12).Select(i =>
            $"00001_lr.dat 16 1000.0(0)/mV 16 0 {-119 + i} {1508 + i} 0 L{i}\n")));
        Assert.AreEqual("00001_lr", h.RecordName);
        Assert.AreEqual(12, h.SignalCount);
        Assert.AreEqual(100.0, h.SamplingFrequency);
        Assert.AreEqual(100.0, h.CounterFrequency);
        Assert.AreEqual(1000L, h.SamplesPerSignal);
        var s = h.Signals[3];
        Assert.AreEqual("00001_lr.dat", s.FileName);
        Assert.AreEqual(16, s.Format);
        Assert.AreEqual(1000.0, s.Gain);
        Assert.IsTrue(s.GainSpecified);
        Assert.AreEqual(0, s.Baseline);
        Assert.AreEqual("mV", s.Units);
        Assert.AreEqual(16, s.AdcResolution);
        Assert.AreEqual(-116, s.InitialValue);
        Assert.AreEqual(1511, s.Checksum);
        Assert.AreEqual("L3", s.Description);
        Assert.AreEqual(5, s.LineNumber);
    }

    [TestMethod]
    public void ParsesRecordLineExtras()
    {
        var h = Parse("rec 1 360/1000(42) 650000 12:30:05 25/03/1987\nrec.dat 212 200 11 1024 995 21537 0 MLII\n");
        Assert.AreEqual(360.0, h.SamplingFrequency);
        Assert.AreEqual(1000.0, h.CounterFrequency);
        Assert.AreEqual(42.0, h.BaseCounter);
        Assert.AreEqual(650000L, h.SamplesPerSignal);
        Assert.AreEqual("12:30:05", h.BaseTime);
        Assert.AreEqual("25/03/1987", h.BaseDate);
        var s = h.Signals[0];
        Assert.AreEqual(212, s.Format);
        Assert.AreEqual(11, s.AdcResolution);
        Assert.AreEqual(1024, s.AdcZero);
        Assert.AreEqual(1024, s.Baseline, "baseline defaults to the ADC zero");
    }

    [TestMethod]
    public void AppliesDefaultsForMissingFields()
    {
        var h = Parse("r 2\nr.dat 212\nr.dat 212 0\n");
        Assert.AreEqual(WfdbHeaderParser.DefaultFrequency, h.SamplingFrequency);
        Assert.IsNull(h.SamplesPerSignal);
        foreach (var s in h.Signals)
        {
            Assert.AreEqual(200.0, s.Gain);
            Assert.IsFalse(s.GainSpecified);
            Assert.AreEqual(12, s.AdcResolution);
            Assert.AreEqual(0, s.AdcZero);
            Assert.IsNull(s.InitialValue);
            Assert.IsNull(s.Checksum);
            Assert.AreEqual("", s.Description);
            Assert.AreEqual("mV", s.Units);
        }
    }

    [TestMethod]
    public void ParsesFormatSuffixesAndDescriptionsWithSpaces()
    {
        var h = Parse("A0001 2 500 7500\nA0001.mat 16+24 1000/mV 16 0 28 -1716 0 I\nx.dat 16x1:3+512 12.5(-7)/uV 12 5 1 2 0 lead  with  spaces \n");
        Assert.AreEqual(24L, h.Signals[0].ByteOffset);
        Assert.AreEqual(-1716, h.Signals[0].Checksum);
        var s = h.Signals[1];
        Assert.AreEqual(1, s.SamplesPerFrame);
        Assert.AreEqual(3, s.Skew);
        Assert.AreEqual(512L, s.ByteOffset);
        Assert.AreEqual(12.5, s.Gain);
        Assert.AreEqual(-7, s.Baseline);
        Assert.AreEqual(5, s.AdcZero);
        Assert.AreEqual("uV", s.Units);
        Assert.AreEqual("lead  with  spaces", s.Description);
    }

    [TestMethod]
    public void KeepsCommentsAnywhereAndParsesChallengeFields()
    {
        var h = Parse("# leading comment\r\nA0001 1 500 10\r\n#Age: 56\r\nA0001.mat 16+24 1000/mV 16 0 28 -1716 0 I\r\n#Sex: Male\r\n#Dx: 426783006, 164889003\r\n#Rx: Unknown\r\n");
        CollectionAssert.AreEqual(new[] { "leading comment", "Age: 56", "Sex: Male", "Dx: 426783006, 164889003", "Rx: Unknown" }, h.Comments.ToArray());
        Assert.AreEqual(56.0, h.Age);
        Assert.AreEqual("Male", h.Sex);
        CollectionAssert.AreEqual(new[] { "426783006", "164889003" }, h.DiagnosisCodes.ToArray());
        Assert.AreEqual("Unknown", h.GetCommentValue("rx"));
        Assert.AreEqual("I", h.Signals[0].Description, "carriage returns are not part of the description");
    }

    [TestMethod]
    public void UnknownAgeAndSexAreNull()
    {
        var h = Parse("r 0\n#Age: NaN\n#Sex: Unknown\n");
        Assert.IsNull(h.Age);
        Assert.IsNull(h.Sex);
        Assert.IsEmpty(h.DiagnosisCodes);
    }

    [TestMethod]
    [DataRow("", null, "empty header")]
    [DataRow("# only a comment\n", null, "empty header")]
    [DataRow("r x 500\n", "line 1", "number of signals")]
    [DataRow("r 1 -5\nr.dat 16\n", "line 1", "sampling frequency")]
    [DataRow("r 1 NaN\nr.dat 16\n", "line 1", "sampling frequency")]
    [DataRow("r 1 500 -1\nr.dat 16\n", "line 1", "number of samples")]
    [DataRow("r/3 2 500\n", "line 1", "multi-segment")]
    [DataRow("r 2 500 10\nr.dat 16\n", "line 1", "declares 2 signal(s) but the header has 1")]
    [DataRow("r 1 500 10\nr.dat 16\nr.dat 16\n", "line 3", "another signal line follows")]
    [DataRow("r 1 500 10\n\n#c\nr.dat 16q 200\n", "line 4", "format")]
    [DataRow("r 1 500 10\nr.dat 16 abc/mV\n", "line 2", "ADC gain")]
    [DataRow("r 1 500 10\nr.dat 16 200(x)/mV\n", "line 2", "baseline")]
    [DataRow("r 1 500 10\nr.dat 16 200/mV 16 0 1.5\n", "line 2", "initial value")]
    [DataRow("r 1 500 10\nr.dat 16 Infinity/mV\n", "line 2", "ADC gain")]
    [DataRow("r 1 500 10\nr.dat\n", "line 2", "signal line")]
    public void RejectsMalformedHeadersWithLineNumbers(string text, string? location, string fragment)
    {
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => Parse(text));
        Assert.AreEqual(location, e.Location);
        Assert.Contains(fragment, e.Message);
        Assert.Contains("test.hea", e.Message);
    }

    [TestMethod]
    public void MissingHeaderFileIsAFormatError()
    {
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbHeaderParser.ParseFile(Path.Combine(Path.GetTempPath(), "no-such-record-xyz.hea")));
        Assert.Contains("not found", e.Message);
    }
}
