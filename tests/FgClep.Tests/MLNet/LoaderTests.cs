using FgClep.Datasets.Challenge;
using FgClep.Datasets.MimicIv;
using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

/// <summary>Loader behaviour that needs neither the WFDB reader nor the preprocessor (metadata, schema, errors).</summary>
[TestClass]
public sealed class LoaderTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void PtbXlSourceSelectsFoldsAndAttachesTaskLabels()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var log = new List<string>();
        var options = new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TrainFolds, Task = PtbXlTask.Super };
        var source = new PtbXlRecordSource(db, options, DataTestFiles.FakeReader(log));
        // Database rows in strat_fold 1-8: 1,499, of which 1,490 have a diagnostic superclass (the task's record set).
        Assert.AreEqual(1490L, source.Count);
        var records = source.GetRecords().ToList();
        Assert.HasCount(1490, records);
        Assert.IsTrue(records.All(r => r.Labels.Count > 0), "a task keeps only the records with a label of it");
        var everyRecord = new PtbXlRecordSource(db, options with { KeepUnlabelledRecords = true }, DataTestFiles.FakeReader(new List<string>()));
        Assert.AreEqual(1499L, everyRecord.Count);
        Assert.AreEqual(9, everyRecord.GetRecords().Count(r => r.Labels.Count == 0));
        Assert.IsTrue(records.All(r => r.Split == "train"));
        var first = records.Single(r => r.RecordId == "1");
        CollectionAssert.AreEqual(new[] { "NORM" }, first.Labels.ToArray());
        Assert.AreEqual("sinus rhythm low limb lead voltage", first.Report, "reports are translated by default");
        var original = new PtbXlRecordSource(db, options with { TranslateReports = false }, DataTestFiles.FakeReader(new List<string>()));
        Assert.AreEqual("sinusrhythmus periphere niederspannung", original.GetRecords().First(r => r.RecordId == "1").Report);
        Assert.AreEqual("3", first.Metadata["strat_fold"]);
        Assert.AreEqual(Path.Combine(db.Directory, "records100/00000/00001_lr"), log[0]);

        log.Clear();
        var hr = new PtbXlRecordSource(db, options with { SamplingRate = 500, Task = null, Folds = PtbXlLoadOptions.TestFolds }, DataTestFiles.FakeReader(log),
            recordExists: _ => true);
        var test = hr.GetRecords().ToList();
        // All 255 database rows of fold 10: the fake reader opens no file and every record counts as present, so the 189 of
        // them (ecg_id > 500) whose 500 Hz files are absent count too; only the chosen path (filename_hr) matters here.
        Assert.HasCount(255, test);
        Assert.IsTrue(log.All(p => p.EndsWith("_hr", StringComparison.Ordinal)));
        Assert.IsTrue(test.All(r => r.Labels.All(db.Statements.ContainsKey)), "without a task, labels are SCP codes");
    }

    [TestMethod]
    public void PtbXlSourceRejectsBadOptions()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var log = new List<string>();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PtbXlRecordSource(db, new PtbXlLoadOptions { SamplingRate = 250 }, DataTestFiles.FakeReader(log)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PtbXlRecordSource(db, new PtbXlLoadOptions { Folds = new[] { 0, 3 } }, DataTestFiles.FakeReader(log)));
        Assert.ThrowsExactly<ArgumentException>(() => new PtbXlRecordSource(db, new PtbXlLoadOptions { Folds = Array.Empty<int>() }, DataTestFiles.FakeReader(log)));
    }

    [TestMethod]
    public void LoadPtbXlSchemaHasTaskClassesAsSlotNames()
    {
        var view = Ml.Data.LoadPtbXl(SharedData.RequireDirectory("data/ptbxl"),
            new PtbXlLoadOptions { Folds = PtbXlLoadOptions.ValidationFolds, Task = PtbXlTask.Rhythm });
        // The 230 of fold 9's 245 database rows that have a rhythm statement (the row count is declared from metadata; no
        // signal is read).
        Assert.AreEqual(230L, view.GetRowCount());
        var labels = view.Schema[EcgDataView.LabelsColumn];
        VBuffer<ReadOnlyMemory<char>> names = default;
        labels.GetSlotNames(ref names);
        Assert.AreEqual(12, names.Length);
        CollectionAssert.Contains(names.DenseValues().Select(n => n.ToString()).ToArray(), "SR");
        var defaults = new EcgPreprocessorOptions();
        Assert.AreEqual(defaults.Leads.Count * defaults.SampleCount, ((VectorDataViewType)view.Schema[EcgDataView.SignalColumn].Type).Size);
    }

    [TestMethod]
    public void LoadersNameMissingFoldersAndFiles()
    {
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => Ml.Data.LoadPtbXl("/no/such/ptbxl")).Message, "/no/such/ptbxl");
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => Ml.Data.LoadWfdb("/no/such/wfdb")).Message, "/no/such/wfdb");
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => Ml.Data.LoadPhysioNetChallenge("/no/such/cpsc")).Message, "/no/such/cpsc");
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => Ml.Data.LoadMimicIvEcg("/no/such/mimic")).Message, "/no/such/mimic");
        var dir = DataTestFiles.NewDirectory();
        var missing = Path.Combine(dir, "r1");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => Ml.Data.LoadWfdb(new[] { missing })).Message, missing + ".hea");
    }

    [TestMethod]
    public void LoadWfdbFindsHeadersRecursivelyInPathOrder()
    {
        var dir = DataTestFiles.NewDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "b"));
        DataTestFiles.WriteWfdb16(Path.Combine(dir, "b"), "r2", StandardLeads.Twelve, 100, DataTestFiles.TwelveLeadSamples(10));
        DataTestFiles.WriteWfdb16(dir, "r1", StandardLeads.Twelve, 100, DataTestFiles.TwelveLeadSamples(10));
        var paths = WfdbRecordFormat.Instance.FindRecords(dir).ToList();
        CollectionAssert.AreEqual(new[] { Path.Combine(dir, "b", "r2"), Path.Combine(dir, "r1") }, paths);
        Assert.AreEqual(2L, Ml.Data.LoadWfdb(dir).GetRowCount());
    }

    [TestMethod]
    public void LoadPhysioNetChallengeUsesTheLabelMapClasses()
    {
        var dir = DataTestFiles.NewDirectory();
        for (int i = 0; i < 10; i++)
            DataTestFiles.WriteWfdb16(dir, $"A{i:D4}", StandardLeads.Twelve, 500, DataTestFiles.TwelveLeadSamples(10), comments: new[] { "Dx: 164889003" });
        var view = Ml.Data.LoadPhysioNetChallenge(dir, new PhysioNetChallengeLoadOptions { LabelMap = Cpsc2018Labels.LabelMap, Split = "train" });
        Assert.AreEqual(7L, view.GetRowCount());
        CollectionAssert.AreEqual(Cpsc2018Labels.ClassNames.ToArray(), view.ClassNames!.ToArray());
    }

    [TestMethod]
    public void LoadSyntheticEcgDeclaresCountAndClassesWithoutGenerating()
    {
        var view = Ml.Data.LoadSyntheticEcg(25, classNames: new[] { "normal", "af" });
        Assert.AreEqual(25L, view.GetRowCount());
        CollectionAssert.AreEqual(new[] { "normal", "af" }, view.ClassNames!.ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Data.LoadSyntheticEcg(-1));
    }

    [TestMethod]
    public void LoadMimicIvEcgHasUnknownRowCount()
    {
        var dir = DataTestFiles.NewDirectory();
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.RecordListFileName), "subject_id,study_id,file_name,ecg_time,path\n");
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.MeasurementsFileName), "subject_id,study_id,report_0\n");
        var view = Ml.Data.LoadMimicIvEcg(dir);
        Assert.IsNull(view.GetRowCount());
        Assert.IsEmpty(view.GetColumn<string>(EcgDataView.ReportColumn).ToList());
    }
}
