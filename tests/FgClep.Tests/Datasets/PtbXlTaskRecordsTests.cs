using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

/// <summary>The per-task record sets of the PTB-XL benchmark, from the folds and from MERL's split files.</summary>
[TestClass]
public sealed class PtbXlTaskRecordsTests
{
    // Counts on ../shared/data (records 1–1,999): the records of each fold group with a label of the task, and the subset
    // that MERL's split files list (MERL also drops the records PTB-XL v1.0.3 removed).
    [TestMethod]
    [DataRow(PtbXlTask.Super, 1490, 234, 252, 1481, 232, 252)]
    [DataRow(PtbXlTask.Sub, 1490, 234, 252, 1481, 232, 252)]
    [DataRow(PtbXlTask.Form, 528, 91, 76, 526, 91, 76)]
    [DataRow(PtbXlTask.Rhythm, 1422, 230, 242, 1413, 227, 242)]
    public void EachTaskHasItsOwnRecords(PtbXlTask task, int train, int validation, int test, int merlTrain, int merlValidation, int merlTest)
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var folds = PtbXlTaskRecords.FromFolds(db, task);
        Assert.AreEqual((train, validation, test), (folds.Train.Count, folds.Validation.Count, folds.Test.Count));
        var byId = db.Entries.ToDictionary(e => e.EcgId);
        foreach (var split in new[] { "train", "validation", "test" })
            foreach (int id in folds.OfSplit(split))
            {
                Assert.AreEqual(split, byId[id].Split);
                Assert.IsNotEmpty(db.GetLabels(byId[id], task), $"record {id} has no {task} label");
            }

        var merl = PtbXlTaskRecords.FromMerlSplits(db, task, SharedData.RequireDirectory("data/merl_splits/ptbxl"));
        Assert.AreEqual((merlTrain, merlValidation, merlTest), (merl.Train.Count, merl.Validation.Count, merl.Test.Count));
        Assert.IsTrue(merl.Train.IsSubsetOf(folds.Train) && merl.Validation.IsSubsetOf(folds.Validation) && merl.Test.IsSubsetOf(folds.Test));
    }

    [TestMethod]
    public void LoaderReadsMerlsRecordsOfTheTask()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var merl = SharedData.RequireDirectory("data/merl_splits/ptbxl");
        var source = new PtbXlRecordSource(db, new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Form, MerlSplitDirectory = merl },
            DataTestFiles.FakeReader(new List<string>()));
        var expected = PtbXlTaskRecords.FromMerlSplits(db, PtbXlTask.Form, merl).Test;
        CollectionAssert.AreEquivalent(expected.ToArray(), source.GetRecords().Select(r => int.Parse(r.RecordId, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => new PtbXlRecordSource(db, new PtbXlLoadOptions { MerlSplitDirectory = merl }, DataTestFiles.FakeReader(new List<string>())));
    }

    [TestMethod]
    public void MerlFilesThatDisagreeWithTheFoldsOrAreMissingAreNamed()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var dir = DataTestFiles.NewDirectory();
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => PtbXlTaskRecords.FromMerlSplits(db, PtbXlTask.Rhythm, dir));
        StringAssert.Contains(missing.Message, Path.Combine(dir, "rhythm", "ptbxl_rhythm_train.csv"));

        // Record 1 is in fold 3 (train) but listed as a test record.
        Directory.CreateDirectory(Path.Combine(dir, "rhythm"));
        File.WriteAllText(Path.Combine(dir, "rhythm", "ptbxl_rhythm_train.csv"), "ecg_id,strat_fold\n2,2\n");
        File.WriteAllText(Path.Combine(dir, "rhythm", "ptbxl_rhythm_val.csv"), "ecg_id,strat_fold\n");
        File.WriteAllText(Path.Combine(dir, "rhythm", "ptbxl_rhythm_test.csv"), "ecg_id,strat_fold\n1,10\n");
        var wrong = Assert.ThrowsExactly<FgClepFormatException>(() => PtbXlTaskRecords.FromMerlSplits(db, PtbXlTask.Rhythm, dir));
        StringAssert.Contains(wrong.Message, "ptbxl_rhythm_test.csv");
        StringAssert.Contains(wrong.Message, "ecg_id 1 is listed as test");

        File.WriteAllText(Path.Combine(dir, "rhythm", "ptbxl_rhythm_test.csv"), "ecg_id,strat_fold\n2,2\n");
        StringAssert.Contains(Assert.ThrowsExactly<FgClepFormatException>(() => PtbXlTaskRecords.FromMerlSplits(db, PtbXlTask.Rhythm, dir)).Message, "found 2 again");
    }
}
