using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class PtbXlDatabaseTests
{
    private static PtbXlDatabase Real() => PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));

    [TestMethod]
    public void RealDatabaseHas1999RowsAndTheOfficialFoldSplit()
    {
        var db = Real();
        // ptbxl_database.csv has 1,999 data rows (ecg_id 1..1999, one per record with a 100 Hz file).
        Assert.HasCount(1999, db.Entries);
        // Rows by strat_fold: folds 1-8 = 214+179+179+193+208+156+197+173 = 1,499; fold 9 = 245; fold 10 = 255.
        Assert.AreEqual(1499, db.Entries.Count(e => e.Split == "train"));
        Assert.AreEqual(245, db.Entries.Count(e => e.Split == "validation"));
        Assert.AreEqual(255, db.Entries.Count(e => e.Split == "test"));
        // Every row has a report except ecg_id 443, whose report is a single space.
        Assert.AreEqual(1998, db.Entries.Count(e => e.Report.Length > 0));
        Assert.IsTrue(db.Entries.All(e => e.ValidatedByHuman));
        var first = db.Entries.Single(e => e.EcgId == 1);
        Assert.AreEqual(15709, first.PatientId);
        Assert.AreEqual(56.0, first.Age);
        Assert.AreEqual(1, first.Sex);
        Assert.AreEqual("sinusrhythmus periphere niederspannung", first.Report);
        Assert.AreEqual("records100/00000/00001_lr", first.FilenameLr);
        Assert.AreEqual("records500/00000/00001_hr", first.FilenameHr);
        Assert.AreEqual(3, first.StratFold);
        CollectionAssert.AreEquivalent(new[] { "NORM", "LVOLT", "SR" }, first.ScpCodes.Keys.ToArray());
        Assert.AreEqual(100.0, first.ScpCodes["NORM"]);
    }

    [TestMethod]
    public void RealStatementTableGivesTheStandardClassCounts()
    {
        var db = Real();
        Assert.HasCount(71, db.Statements);
        CollectionAssert.AreEqual(new[] { "CD", "HYP", "MI", "NORM", "STTC" }, db.ClassNames(PtbXlTask.Super).ToArray());
        Assert.HasCount(23, db.ClassNames(PtbXlTask.Sub));
        Assert.HasCount(19, db.ClassNames(PtbXlTask.Form));
        Assert.HasCount(12, db.ClassNames(PtbXlTask.Rhythm));
        CollectionAssert.Contains(db.ClassNames(PtbXlTask.Rhythm).ToArray(), "SR");
        CollectionAssert.Contains(db.ClassNames(PtbXlTask.Sub).ToArray(), "IMI");
    }

    [TestMethod]
    public void RealSuperclassCountsMatchTheDataReadme()
    {
        var db = Real();
        var counts = db.Entries.SelectMany(e => db.GetLabels(e, PtbXlTask.Super)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        // Rows of all 1,999 whose scp_codes name a statement with diagnostic = 1 of that diagnostic_class
        // (any likelihood, each class once per record); 23 rows name no such statement.
        Assert.AreEqual(1055, counts["NORM"]);
        Assert.AreEqual(470, counts["STTC"]);
        Assert.AreEqual(412, counts["CD"]);
        Assert.AreEqual(372, counts["MI"]);
        Assert.AreEqual(217, counts["HYP"]);
        Assert.AreEqual(23, db.Entries.Count(e => db.GetLabels(e, PtbXlTask.Super).Count == 0));
    }

    [TestMethod]
    public void LabelsFollowStatementFlagsRegardlessOfLikelihood()
    {
        var dir = DataTestFiles.NewDirectory();
        File.WriteAllText(Path.Combine(dir, PtbXlDatabase.StatementsFileName),
            ",description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass\n" +
            "IMI,\"inferior MI, old\",1.0,,,MI,IMI\nNDT,non-diagnostic T,1.0,1.0,,STTC,STTC\nSR,sinus rhythm,,,1.0,,\nNORM,normal,1.0,,,NORM,NORM\n");
        File.WriteAllText(Path.Combine(dir, PtbXlDatabase.DatabaseFileName),
            "strat_fold,ecg_id,scp_codes,report,filename_hr,filename_lr\n" +
            "9,7,\"{'IMI': 15.0, 'NDT': 0.0, \"\"SR\"\": 0}\",\"report, with comma\",hr/7,lr/7\n" +
            "10,8,{},,hr/8,lr/8\n");
        var db = PtbXlDatabase.Load(dir);
        var e = db.Entries[0];
        CollectionAssert.AreEqual(new[] { "MI", "STTC" }, db.GetLabels(e, PtbXlTask.Super).ToArray());
        CollectionAssert.AreEqual(new[] { "IMI", "STTC" }, db.GetLabels(e, PtbXlTask.Sub).ToArray());
        CollectionAssert.AreEqual(new[] { "NDT" }, db.GetLabels(e, PtbXlTask.Form).ToArray());
        CollectionAssert.AreEqual(new[] { "SR" }, db.GetLabels(e, PtbXlTask.Rhythm).ToArray());
        Assert.AreEqual("report, with comma", e.Report);
        Assert.AreEqual("validation", e.Split);
        Assert.AreEqual("inferior MI, old", db.Statements["IMI"].Description);
        Assert.IsEmpty(db.GetLabels(db.Entries[1], PtbXlTask.Super));
        Assert.AreEqual("test", db.Entries[1].Split);
    }

    [TestMethod]
    [DataRow("{'NORM' 100.0}", "':'")]
    [DataRow("{'NORM': abc}", "a number")]
    [DataRow("['NORM']", "'{'")]
    [DataRow("{'NORM': 1.0", "',' or '}'")]
    [DataRow("{'NORM': 1.0, 'NORM': 2.0}", "twice")]
    public void MalformedScpCodesNameFileLineAndProblem(string value, string expected)
    {
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => PtbXlScpCodesParser.Parse(value, "db.csv", "line 5"));
        Assert.AreEqual("db.csv", ex.FilePath);
        Assert.AreEqual("line 5", ex.Location);
        StringAssert.Contains(ex.Message, expected);
    }

    [TestMethod]
    public void ParsesScpCodeVariants()
    {
        var codes = PtbXlScpCodesParser.Parse(" {\"LAO/LAE\": 50, 'NST_':0.0, 'X': nan,} ", "f", "l");
        Assert.HasCount(3, codes);
        Assert.AreEqual(50.0, codes["LAO/LAE"]);
        Assert.AreEqual(0.0, codes["NST_"]);
        Assert.IsTrue(double.IsNaN(codes["X"]));
    }

    [TestMethod]
    public void MissingFolderOrFileIsNamed()
    {
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => PtbXlDatabase.Load("/no/such/ptbxl")).Message, "/no/such/ptbxl");
        var dir = DataTestFiles.NewDirectory();
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => PtbXlDatabase.Load(dir)).Message, PtbXlDatabase.StatementsFileName);
    }

    [TestMethod]
    public void BadFoldIsAFormatError()
    {
        var dir = DataTestFiles.NewDirectory();
        File.WriteAllText(Path.Combine(dir, PtbXlDatabase.StatementsFileName), ",description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass\n");
        File.WriteAllText(Path.Combine(dir, PtbXlDatabase.DatabaseFileName), "ecg_id,scp_codes,strat_fold,filename_lr,filename_hr\n1,{},11,a,b\n");
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => PtbXlDatabase.Load(dir));
        Assert.AreEqual("line 2", ex.Location);
        StringAssert.Contains(ex.Message, "found 11");
    }
}
