using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class MerlSplitReaderTests
{
    private static string Split(string relative) => Path.Combine(SharedData.RequireDirectory("data/merl_splits"), relative);

    [TestMethod]
    [DataRow("ptbxl/super_class/ptbxl_super_class", 17084, 2146, 2158, 5)]
    [DataRow("ptbxl/sub_class/ptbxl_sub_class", 17084, 2146, 2158, 23)]
    [DataRow("ptbxl/form/ptbxl_form", 7197, 901, 880, 19)]
    [DataRow("ptbxl/rhythm/ptbxl_rhythm", 16832, 2100, 2098, 12)]
    [DataRow("icbeb/icbeb", 4950, 551, 1376, 9)]
    [DataRow("chapman/chapman", 16546, 1860, 4620, 38)]
    public void RealSplitFilesHaveTheDocumentedRowsAndClasses(string prefix, int train, int val, int test, int classes)
    {
        var tables = new[] { "train", "val", "test" }.Select(s => MerlSplitReader.Read(Split($"{prefix}_{s}.csv"))).ToArray();
        CollectionAssert.AreEqual(new[] { train, val, test }, tables.Select(t => t.Rows.Count).ToArray());
        foreach (var t in tables)
        {
            Assert.HasCount(classes, t.ClassNames);
            // Same classes, though not always in the same column order (sub_class files differ).
            CollectionAssert.AreEquivalent(tables[0].ClassNames.ToArray(), t.ClassNames.ToArray());
            Assert.IsTrue(t.Rows.All(r => r.Id.Length > 0));
        }
        // No record appears in two splits.
        var ids = tables.SelectMany(t => t.Rows.Select(r => r.Id)).ToList();
        Assert.HasCount(ids.Count, ids.Distinct());
    }

    [TestMethod]
    public void PicksTheIdColumnByName()
    {
        Assert.AreEqual("ecg_id", MerlSplitReader.Read(Split("ptbxl/super_class/ptbxl_super_class_val.csv")).IdColumn);
        var icbeb = MerlSplitReader.Read(Split("icbeb/icbeb_val.csv"));
        Assert.AreEqual("filename", icbeb.IdColumn);
        Assert.IsTrue(icbeb.Rows.All(r => r.Id.StartsWith('A') && r.Id.Length == 5));
        CollectionAssert.AreEquivalent(new[] { "AFIB", "VPC", "NORM", "1AVB", "CRBBB", "STE", "PAC", "CLBBB", "STD" }, icbeb.ClassNames.ToArray());
        var chapman = MerlSplitReader.Read(Split("chapman/chapman_val.csv"));
        Assert.AreEqual("ecg_path", chapman.IdColumn);
        Assert.IsTrue(chapman.Rows.All(r => r.Id.EndsWith(".mat", StringComparison.Ordinal)));
        CollectionAssert.DoesNotContain(chapman.ClassNames.ToArray(), "age");
    }

    [TestMethod]
    public void LocalPtbXlRecordsFallIntoTheMerlSuperclassSplits()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var local = db.Entries.ToDictionary(e => e.EcgId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int[] counts = new[] { "train", "val", "test" }
            .Select(s => MerlSplitReader.Read(Split($"ptbxl/super_class/ptbxl_super_class_{s}.csv")).Rows.Count(r => local.ContainsKey(r.Id)))
            .ToArray();
        // Rows of ptbxl_super_class_{train,val,test}.csv whose ecg_id is one of the 1,999 local ids (1..1999).
        CollectionAssert.AreEqual(new[] { 1481, 232, 252 }, counts);
    }

    [TestMethod]
    [DataRow("super_class", PtbXlTask.Super)]
    [DataRow("sub_class", PtbXlTask.Sub)]
    [DataRow("form", PtbXlTask.Form)]
    [DataRow("rhythm", PtbXlTask.Rhythm)]
    public void MerlLabelsAgreeWithLabelsDerivedFromScpCodes(string task, PtbXlTask ptbXlTask)
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var local = db.Entries.ToDictionary(e => e.EcgId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int compared = 0;
        var disagreeing = new List<string>();
        foreach (var s in new[] { "train", "val", "test" })
        {
            foreach (var row in MerlSplitReader.Read(Split($"ptbxl/{task}/ptbxl_{task}_{s}.csv")).Rows.Where(r => local.ContainsKey(r.Id)))
            {
                compared++;
                // MERL strips the underscores of names such as NST_ and _AVB.
                var ours = db.GetLabels(local[row.Id], ptbXlTask).Select(c => c.Trim('_')).Order(StringComparer.Ordinal);
                if (!row.Labels.Order(StringComparer.Ordinal).SequenceEqual(ours)) disagreeing.Add(row.Id);
            }
        }
        Assert.IsGreaterThan(100, compared);
        // Known data difference, not a reader bug: ecg_id 1371's local (v1.0.1) scp_codes are ASMI, ALMI, IVCD, 1AVB, SR,
        // i.e. subclasses AMI, IVCD, _AVB, but MERL's sub_class row lists only AMI and AVB. MERL's splits derive from a later
        // PTB-XL release (they lack the 12 duplicates v1.0.3 dropped), presumably with an edited label here; not checked
        // against v1.0.3. Superclasses agree (MI, CD either way); IVCD is no form or rhythm statement.
        string[] known = task == "sub_class" ? ["1371"] : [];
        CollectionAssert.AreEqual(known, disagreeing, "records whose labels differ: " + string.Join(" ", disagreeing));
    }

    [TestMethod]
    public void DetectsLabelsAmongZeroOneColumnsAndSkipsMetadata()
    {
        var dir = DataTestFiles.NewDirectory();
        var path = Path.Combine(dir, "s.csv");
        File.WriteAllText(path, "sex,B,filename,nurse,A,diagnose\n1,0,X1,2.0,1,\"A,B\"\n0,1,X2,0,1.0,A\n");
        var t = MerlSplitReader.Read(path);
        Assert.AreEqual("filename", t.IdColumn);
        CollectionAssert.AreEqual(new[] { "B", "A" }, t.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { "A" }, t.Rows[0].Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "B", "A" }, t.Rows[1].Labels.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 1f }, t.LabelVector(t.Rows[1]));
    }

    [TestMethod]
    public void ExplicitClassesMustExistAndBeBinary()
    {
        var dir = DataTestFiles.NewDirectory();
        var path = Path.Combine(dir, "s.csv");
        File.WriteAllText(path, "ecg_id,A,B\n1,0,1\n2,1,7\n");
        StringAssert.Contains(Assert.ThrowsExactly<FgClepFormatException>(() => MerlSplitReader.Read(path, classNames: new[] { "C" })).Message, "'C'");
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => MerlSplitReader.Read(path, classNames: new[] { "A", "B" }));
        Assert.AreEqual("line 3", ex.Location);
        StringAssert.Contains(ex.Message, "found '7'");
        CollectionAssert.AreEqual(new[] { "A" }, MerlSplitReader.Read(path).ClassNames.ToArray());
    }
}
