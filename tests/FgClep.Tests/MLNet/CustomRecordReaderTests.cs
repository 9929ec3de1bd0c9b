using System.Globalization;
using FgClep.Datasets;
using FgClep.IO;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.MLNet;

/// <summary>A format of one's own plugs in through <see cref="IEcgRecordReader"/> and loads like the built-in ones.</summary>
[TestClass]
public sealed class CustomRecordReaderTests
{
    /// <summary>One lead per line of comma-separated millivolts, 100 Hz, the file name as the record id.</summary>
    private sealed class LeadPerLineFormat : IEcgRecordReader
    {
        public IEnumerable<string> FindRecords(string directory) => Directory.GetFiles(directory, "*.leads").Order(StringComparer.Ordinal);

        public string? MissingFile(string recordPath) => File.Exists(recordPath) ? null : recordPath;

        public EcgRecord Read(string recordPath)
        {
            var leads = File.ReadAllLines(recordPath).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            return new EcgRecord(Path.GetFileNameWithoutExtension(recordPath), leads.SelectMany(l => l).ToArray(),
                ["I", "II"], 100) { Report = "sinus rhythm" };
        }
    }

    [TestMethod]
    public void RecordsOfACustomFormatLoadThroughTheCatalog()
    {
        var dir = Directory.CreateTempSubdirectory("fgclep-leads-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "b.leads"), "1,2,3,4\n5,6,7,8\n");
            File.WriteAllText(Path.Combine(dir, "a.leads"), "0,0,0,0\n1,1,1,1\n");
            var format = new LeadPerLineFormat();
            var preprocessing = new EcgPreprocessorOptions { Leads = ["I", "II"], SampleCount = 4, SamplingRate = 100 };
            var view = new MLContext(seed: 1).Data.LoadEcgRecords(format.FindRecords(dir), format, new EcgLoadOptions { Preprocessor = preprocessing });

            CollectionAssert.AreEqual(new[] { "a", "b" }, view.GetColumn<string>(EcgDataView.RecordIdColumn).ToArray());
            Assert.HasCount(8, view.GetColumn<float[]>(EcgDataView.SignalColumn).First());

            var error = Assert.ThrowsExactly<FileNotFoundException>(() =>
                new MLContext(seed: 1).Data.LoadEcgRecords([Path.Combine(dir, "c.leads")], format));
            StringAssert.Contains(error.Message, "c.leads");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A reader that finds its records but returns nothing for them.</summary>
    private sealed class NullFormat : IEcgRecordReader
    {
        public IEnumerable<string> FindRecords(string directory) => ["x"];

        public string? MissingFile(string recordPath) => null;

        public EcgRecord Read(string recordPath) => null!;
    }

    [TestMethod]
    public void AReaderThatReturnsNothingIsNamed()
    {
        var view = new MLContext(seed: 1).Data.LoadEcgRecords(["x"], new NullFormat());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => view.GetColumn<string>(EcgDataView.RecordIdColumn).ToList());
        StringAssert.Contains(error.Message, "NullFormat.Read returned no record for 'x'");
    }
}
