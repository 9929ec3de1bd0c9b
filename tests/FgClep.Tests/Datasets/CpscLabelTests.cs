using FgClep.Datasets.Challenge;
using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class CpscLabelTests
{
    /// <summary>Rows of the Challenge 2021 dx mapping (scored and unscored), by SNOMED code.</summary>
    internal static Dictionary<string, Dictionary<string, string>> DxMapping()
    {
        var dir = SharedData.RequireDirectory("data/challenge2021_labels");
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "dx_mapping_scored.csv", "dx_mapping_unscored.csv" })
        {
            using var csv = CsvReader.Open(Path.Combine(dir, file));
            while (csv.Read()) rows.Add(csv["SNOMEDCTCode"], csv.Header.ToDictionary(h => h, h => csv[h]));
        }
        return rows;
    }

    [TestMethod]
    public void ClassNamesMatchTheMerlIcbebColumns()
    {
        var table = MerlSplitReader.Read(Path.Combine(SharedData.RequireDirectory("data/merl_splits"), "icbeb/icbeb_test.csv"));
        CollectionAssert.AreEqual(table.ClassNames.ToArray(), Cpsc2018Labels.ClassNames.ToArray());
    }

    [TestMethod]
    public void EmbeddedCodesAgreeWithTheChallengeDxMapping()
    {
        var dx = DxMapping();
        foreach (var c in Cpsc2018Labels.LabelMap.Classes)
        {
            foreach (var code in c.SnomedCodes) Assert.IsTrue(dx.ContainsKey(code), $"{c.Name}: code {code} not in the dx mapping");
            Assert.AreEqual(dx[c.SnomedCodes[0]]["Dx"], c.Description, c.Name);
        }
        // The codes CPSC2018 records carry are exactly the primary codes of the 9 classes.
        var cpscCodes = dx.Where(kv => int.Parse(kv.Value["CPSC"], System.Globalization.CultureInfo.InvariantCulture) > 0).Select(kv => kv.Key);
        CollectionAssert.AreEquivalent(Cpsc2018Labels.LabelMap.Classes.Select(c => c.SnomedCodes[0]).ToArray(), cpscCodes.ToArray());
    }

    [TestMethod]
    public void CodesScoredAsTheSameDiagnosisShareAClass()
    {
        int checkedPairs = 0;
        foreach (var (code, row) in DxMapping())
        {
            if (!row.TryGetValue("Notes", out var note) || !note.StartsWith("We score ", StringComparison.Ordinal)) continue;
            var codes = note.Split(' ').Where(w => w.Length > 0 && w.All(char.IsDigit)).ToArray();
            Assert.HasCount(2, codes, note);
            var classes = codes.Select(Cpsc2018Labels.LabelMap.ClassOf).ToArray();
            if (classes.All(c => c is null)) continue;
            Assert.AreEqual(classes[0], classes[1], note);
            checkedPairs++;
        }
        Assert.IsGreaterThan(4, checkedPairs);
    }

    [TestMethod]
    public void MapsCodesToClassesInClassOrderByExactCode()
    {
        var labels = Cpsc2018Labels.LabelMap.Map(new[] { "59118001", " 164889003", "999", "713427006", "1648890030" });
        CollectionAssert.AreEqual(new[] { "AFIB", "CRBBB" }, labels.ToArray());
        Assert.IsNull(Cpsc2018Labels.LabelMap.ClassOf("16488900"));
    }

    [TestMethod]
    public void ReferenceNumbersFollowCpsc2018()
    {
        CollectionAssert.AreEqual(
            new[] { "Normal", "AF", "I-AVB", "LBBB", "RBBB", "PAC", "PVC", "STD", "STE" },
            Enumerable.Range(1, 9).Select(n => Cpsc2018Labels.OriginalNames[Cpsc2018Labels.FromReferenceNumber(n)]).ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Cpsc2018Labels.FromReferenceNumber(0));
    }

    [TestMethod]
    public void LabelMapRejectsSharedCodes()
        => Assert.ThrowsExactly<ArgumentException>(() => new SnomedLabelMap(new[]
        {
            new SnomedLabelClass("A", "a", new[] { "1" }), new SnomedLabelClass("B", "b", new[] { "2", "1" }),
        }));
}
