using FgClep.Datasets.Challenge;
using FgClep.Datasets.MimicIv;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

/// <summary>
/// End-to-end loader tests through the real <see cref="WfdbRecordReader"/>, <see cref="EcgPreprocessor"/> and
/// <see cref="SyntheticEcgGenerator"/>. They fail (NotImplementedException) until those are implemented; they never pass vacuously.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class LoaderIntegrationTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private sealed class Row
    {
        public float[] Signal { get; set; } = [];
        public string Report { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string Split { get; set; } = "";
        public float[] Labels { get; set; } = [];
    }

    private static void AssertRealisticSignal(float[] signal, int expectedLength, string id)
    {
        Assert.HasCount(expectedLength, signal, id);
        Assert.IsTrue(signal.All(float.IsFinite), $"{id}: non-finite values");
        Assert.IsGreaterThan(0.0, signal.Max() - (double)signal.Min(), $"{id}: flat signal");
    }

    [TestMethod]
    public void LoadPtbXlReadsRealSignalsReportsAndLabels()
    {
        var dir = SharedData.RequireDirectory("data/ptbxl");
        var view = Ml.Data.LoadPtbXl(dir, new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Super });
        var db = PtbXlDatabase.Load(dir);
        var classes = db.ClassNames(PtbXlTask.Super);
        int length = view.SignalLength;
        var rows = Ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).Take(5).ToList();
        Assert.HasCount(5, rows);
        foreach (var row in rows)
        {
            AssertRealisticSignal(row.Signal, length, row.RecordId);
            var entry = db.Entries.Single(e => e.EcgId.ToString(System.Globalization.CultureInfo.InvariantCulture) == row.RecordId);
            Assert.AreEqual(PtbXlReportTranslator.Default.Translate(entry.Report), row.Report);
            Assert.AreEqual("test", row.Split);
            var expected = db.GetLabels(entry, PtbXlTask.Super);
            CollectionAssert.AreEqual(classes.Select(c => expected.Contains(c) ? 1f : 0f).ToArray(), row.Labels);
        }
    }

    [TestMethod]
    public void LoadPtbXlAt500HzGivesTheSameShapeAsAt100Hz()
    {
        var dir = SharedData.RequireDirectory("data/ptbxl");
        var low = Ml.Data.LoadPtbXl(dir, new PtbXlLoadOptions { Folds = new[] { 9 } });
        var high = Ml.Data.LoadPtbXl(dir, new PtbXlLoadOptions { Folds = new[] { 9 }, SamplingRate = 500, SkipMissingRecords = true });
        // Only records 1-500 have 500 Hz files: 81 of fold 9's 245 rows; the first row of fold 9 is ecg_id 8, one of them.
        Assert.AreEqual(245L, low.GetRowCount());
        Assert.AreEqual(81L, high.GetRowCount());
        Assert.AreEqual("8", high.GetColumn<string>(EcgDataView.RecordIdColumn).First());
        var a = low.GetColumn<float[]>(EcgDataView.SignalColumn).First();
        var b = high.GetColumn<float[]>(EcgDataView.SignalColumn).First();
        AssertRealisticSignal(a, low.SignalLength, "100 Hz");
        AssertRealisticSignal(b, high.SignalLength, "500 Hz");
    }

    [TestMethod]
    public void A500HzLoadSaysHowManyRecordsLackTheirFileBeforeReading()
    {
        var dir = SharedData.RequireDirectory("data/ptbxl");
        var db = PtbXlDatabase.Load(dir);
        var options = new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TestFolds, SamplingRate = 500, Task = PtbXlTask.Super };
        int reads = 0;
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => new PtbXlRecordSource(db, options, p => { reads++; return WfdbRecordReader.Read(p); }));
        // Fold 10's super task has 252 records; the 64 among ecg_id 1-500 have 500 Hz files, the first without one is 504.
        StringAssert.Contains(ex.Message, "188 of the 252 selected PTB-XL records have no 500 Hz file");
        StringAssert.Contains(ex.Message, "ecg_id 504");
        StringAssert.Contains(ex.Message, "records500/00000/00504_hr.hea");
        StringAssert.Contains(ex.Message, "SkipMissingRecords");
        Assert.AreEqual(0, reads, "nothing is read before the check");

        var skipping = new PtbXlRecordSource(db, options with { SkipMissingRecords = true }, WfdbRecordReader.Read);
        Assert.AreEqual(188, skipping.MissingRecords);
        Assert.AreEqual(64L, skipping.Count);
        Assert.HasCount(64, skipping.GetRecords().ToList());
    }

    [TestMethod]
    public void LoadWfdbReadsWrittenRecords()
    {
        var dir = DataTestFiles.NewDirectory();
        DataTestFiles.WriteWfdb16(dir, "r1", StandardLeads.Twelve, 100, DataTestFiles.TwelveLeadSamples(1000));
        var view = Ml.Data.LoadWfdb(dir);
        var signals = view.GetColumn<float[]>(EcgDataView.SignalColumn).ToList();
        Assert.HasCount(1, signals);
        AssertRealisticSignal(signals[0], view.SignalLength, "r1");
        CollectionAssert.AreEqual(new[] { "r1" }, view.GetColumn<string>(EcgDataView.RecordIdColumn).ToArray());
    }

    [TestMethod]
    public void LoadPhysioNetChallengeReadsWrittenRecordsWithLabels()
    {
        var dir = DataTestFiles.NewDirectory();
        for (int i = 0; i < 10; i++)
            DataTestFiles.WriteWfdb16(dir, $"A{i:D4}", StandardLeads.Twelve, 500, DataTestFiles.TwelveLeadSamples(5000),
                comments: new[] { "Age: 50", "Sex: Male", i % 2 == 0 ? "Dx: 164889003,59118001" : "Dx: 426783006" });
        var view = Ml.Data.LoadPhysioNetChallenge(dir, new PhysioNetChallengeLoadOptions { LabelMap = Cpsc2018Labels.LabelMap });
        var rows = Ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToList();
        Assert.HasCount(10, rows);
        int afib = Cpsc2018Labels.ClassNames.ToList().IndexOf("AFIB"), norm = Cpsc2018Labels.ClassNames.ToList().IndexOf("NORM");
        foreach (var row in rows)
        {
            AssertRealisticSignal(row.Signal, view.SignalLength, row.RecordId);
            bool even = int.Parse(row.RecordId[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0;
            Assert.AreEqual(even ? 1f : 0f, row.Labels[afib], row.RecordId);
            Assert.AreEqual(even ? 0f : 1f, row.Labels[norm], row.RecordId);
        }
        CollectionAssert.AreEquivalent(new[] { "train", "validation", "test" }, rows.Select(r => r.Split).Distinct().ToArray());
    }

    [TestMethod]
    public void LoadMimicIvEcgReadsWrittenRecordsWithReports()
    {
        var dir = DataTestFiles.NewDirectory();
        var recordDir = Path.Combine(dir, "files", "p1000", "p10000032", "s40689238");
        Directory.CreateDirectory(recordDir);
        DataTestFiles.WriteWfdb16(recordDir, "40689238", StandardLeads.Twelve, 500, DataTestFiles.TwelveLeadSamples(5000));
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.RecordListFileName),
            "subject_id,study_id,file_name,ecg_time,path\n10000032,40689238,40689238,2180-07-23 08:44:00,files/p1000/p10000032/s40689238/40689238\n");
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.MeasurementsFileName),
            "subject_id,study_id,report_0,report_1\n10000032,40689238,Sinus rhythm,Normal ECG\n");
        var view = Ml.Data.LoadMimicIvEcg(dir);
        var rows = Ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false, ignoreMissingColumns: true).ToList();
        Assert.HasCount(1, rows);
        Assert.AreEqual("Sinus rhythm. Normal ECG", rows[0].Report);
        AssertRealisticSignal(rows[0].Signal, view.SignalLength, "40689238");
    }

    [TestMethod]
    public void LoadSyntheticEcgGeneratesOnDemandWithLabels()
    {
        var probe = new SyntheticEcgGenerator().Generate(0);
        var classes = probe.Labels.Count > 0 ? probe.Labels.ToArray() : new[] { "none" };
        var view = Ml.Data.LoadSyntheticEcg(4, classNames: classes);
        var rows = Ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToList();
        Assert.HasCount(4, rows);
        foreach (var row in rows) AssertRealisticSignal(row.Signal, view.SignalLength, row.RecordId);
        Assert.AreEqual(probe.Report, rows[0].Report);
        Assert.AreEqual(probe.Labels.Count, (int)rows[0].Labels.Sum());
    }
}
