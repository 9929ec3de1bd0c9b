using FgClep.Datasets.Challenge;
using FgClep.Datasets.PtbXl;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class ChapmanLabelTests
{
    [TestMethod]
    public void EmbeddedDictionaryEqualsConditionNamesFile()
    {
        var path = Path.Combine(SharedData.RequireDirectory("data/chapman_labels"), "ConditionNames_SNOMED-CT.csv");
        var rows = new List<ChapmanCondition>();
        using (var csv = CsvReader.Open(path))
        {
            while (csv.Read()) rows.Add(new ChapmanCondition(csv["AcronymName"], csv["FullName"], csv["Snomed_CT"]));
        }
        Assert.HasCount(63, rows);
        CollectionAssert.AreEqual(rows, ChapmanLabels.Conditions.ToArray());
    }

    [TestMethod]
    public void MerlClassesMatchTheSplitColumnsAndTheChallengeCodes()
    {
        var table = MerlSplitReader.Read(Path.Combine(SharedData.RequireDirectory("data/merl_splits"), "chapman/chapman_val.csv"));
        CollectionAssert.AreEqual(table.ClassNames.ToArray(), ChapmanLabels.MerlClassNames.ToArray());
        var dx = CpscLabelTests.DxMapping();
        foreach (var c in ChapmanLabels.LabelMap.Classes)
        {
            Assert.IsTrue(dx.TryGetValue(c.SnomedCodes[0], out var row), $"{c.Name}: {c.SnomedCodes[0]} not in the dx mapping");
            var inChapmanOrNingbo = int.Parse(row["Chapman_Shaoxing"], System.Globalization.CultureInfo.InvariantCulture)
                + int.Parse(row["Ningbo"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsGreaterThan(0, inChapmanOrNingbo, $"{c.Name} ({c.SnomedCodes[0]}) never occurs in Chapman/Ningbo");
        }
    }

    [TestMethod]
    public void AtrialFibrillationAndFlutterStayDistinct()
    {
        CollectionAssert.AreEqual(new[] { "AF" }, ChapmanLabels.LabelMap.Map(new[] { "164890007" }).ToArray());
        CollectionAssert.AreEqual(new[] { "AFIB" }, ChapmanLabels.LabelMap.Map(new[] { "164889003" }).ToArray());
        Assert.AreEqual("Atrial Flutter", ChapmanLabels.LabelMap.Classes.Single(c => c.Name == "AF").Description);
    }
}
