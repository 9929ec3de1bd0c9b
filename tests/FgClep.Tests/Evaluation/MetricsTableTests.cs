using System.Text.Json;
using FgClep.Evaluation;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class MetricsTableTests
{
    private static MetricsTable Sample()
    {
        var table = new MetricsTable("Macro AUROC", ["PTB-XL super", "CPSC2018"]);
        table.Set("CLEP", "PTB-XL super", 0.79284);
        table.Set("CLEP", "CPSC2018", 0.7, 0.65, 0.75);
        table.Set("FG-CLEP", "PTB-XL super", new ConfidenceInterval(0.81256, 0.80001, 0.8249, 0.95, 1000));
        return table;
    }

    [TestMethod]
    public void MarkdownHasRowsColumnsPercentagesAndIntervals()
    {
        var expected =
            "| Model | PTB-XL super | CPSC2018 |\n" +
            "|---|---:|---:|\n" +
            "| CLEP | 79.28 | 70.00 [65.00, 75.00] |\n" +
            "| FG-CLEP | 81.26 [80.00, 82.49] | – |\n";
        Assert.AreEqual(expected, Sample().ToMarkdown());
    }

    [TestMethod]
    public void MarkdownBoldsTheBestOfEachColumn()
    {
        var md = Sample().ToMarkdown(boldBest: true);
        StringAssert.Contains(md, "| CLEP | 79.28 | **70.00 [65.00, 75.00]** |");
        StringAssert.Contains(md, "| FG-CLEP | **81.26 [80.00, 82.49]** | – |");
    }

    [TestMethod]
    public void CsvAddsBoundColumnsOnlyWhereIntervalsExist()
    {
        var expected =
            "Model,PTB-XL super,PTB-XL super lower,PTB-XL super upper,CPSC2018,CPSC2018 lower,CPSC2018 upper\n" +
            "CLEP,79.28,,,70.00,65.00,75.00\n" +
            "FG-CLEP,81.26,80.00,82.49,,,\n";
        Assert.AreEqual(expected, Sample().ToCsv());
        var plain = new MetricsTable("AUPRC", ["a", "b"]);
        plain.Set("m", "b", 0.5);
        Assert.AreEqual("Model,a,b\nm,,50.00\n", plain.ToCsv());
    }

    [TestMethod]
    public void CsvAndMarkdownEscapeSpecialCharacters()
    {
        var table = new MetricsTable("AUROC", ["x|y", "a,b"]);
        table.Set("model \"big\", v2", "a,b", 0.5);
        StringAssert.StartsWith(table.ToCsv(), "Model,x|y,\"a,b\"\n\"model \"\"big\"\", v2\",,50.00\n");
        StringAssert.Contains(table.ToMarkdown(), "| Model | x\\|y | a,b |");
    }

    [TestMethod]
    public void JsonRoundTripsThroughSystemTextJson()
    {
        using var doc = JsonDocument.Parse(Sample().ToJson());
        var root = doc.RootElement;
        Assert.AreEqual("Macro AUROC", root.GetProperty("metric").GetString());
        Assert.AreEqual("percent", root.GetProperty("unit").GetString());
        var columns = root.GetProperty("columns");
        Assert.AreEqual(2, columns.GetArrayLength());
        Assert.AreEqual("CPSC2018", columns[1].GetProperty("label").GetString());
        Assert.AreEqual(JsonValueKind.Null, columns[1].GetProperty("fraction").ValueKind);
        var rows = root.GetProperty("rows");
        Assert.AreEqual(2, rows.GetArrayLength());
        var clep = rows[0].GetProperty("values");
        Assert.AreEqual(79.28, clep[0].GetProperty("value").GetDouble());
        Assert.IsFalse(clep[0].TryGetProperty("lower", out _));
        Assert.AreEqual(65.0, clep[1].GetProperty("lower").GetDouble());
        Assert.AreEqual(75.0, clep[1].GetProperty("upper").GetDouble());
        Assert.AreEqual("FG-CLEP", rows[1].GetProperty("model").GetString());
        Assert.AreEqual(JsonValueKind.Null, rows[1].GetProperty("values")[1].ValueKind);
        Assert.AreEqual(82.49, rows[1].GetProperty("values")[0].GetProperty("upper").GetDouble());
    }

    [TestMethod]
    public void LinearProbeLayoutHasTaskByFractionColumns()
    {
        var table = MetricsTable.LinearProbe("Macro AUROC", ["super", "rhythm"]);
        CollectionAssert.AreEqual(
            new[] { "super (1%)", "super (10%)", "super (100%)", "rhythm (1%)", "rhythm (10%)", "rhythm (100%)" },
            table.Columns.Select(c => c.Label).ToArray());
        table.Set("FG-CLEP", "super", 0.8512, fraction: 0.1);
        table.Set("FG-CLEP", "rhythm", 0.9, 0.88, 0.92, fraction: 1.0);
        Assert.AreEqual(0.8512, table.Get("FG-CLEP", "super", 0.1)!.Value);
        Assert.IsNull(table.Get("FG-CLEP", "super", 0.01));
        StringAssert.Contains(table.ToMarkdown(), "| FG-CLEP | – | 85.12 | – | – | – | 90.00 [88.00, 92.00] |");
        using var doc = JsonDocument.Parse(table.ToJson());
        Assert.AreEqual(0.1, doc.RootElement.GetProperty("columns")[1].GetProperty("fraction").GetDouble());
        Assert.ThrowsExactly<ArgumentException>(() => table.Set("FG-CLEP", "super", 0.8), "a probe column needs its fraction");
        var custom = MetricsTable.LinearProbe("AUROC", ["t"], [0.05, 0.5]);
        CollectionAssert.AreEqual(new[] { "t (5%)", "t (50%)" }, custom.Columns.Select(c => c.Label).ToArray());
    }

    [TestMethod]
    public void UndefinedValuesAreShownAsNotAvailable()
    {
        var table = new MetricsTable("AUROC", ["t"]);
        table.Set("m", "t", double.NaN, double.NaN, double.NaN);
        Assert.AreEqual("| m | n/a |", table.ToMarkdown().Split('\n')[2]);
        Assert.AreEqual("Model,t\nm,\n", table.ToCsv());
        using var doc = JsonDocument.Parse(table.ToJson());
        Assert.AreEqual(JsonValueKind.Null, doc.RootElement.GetProperty("rows")[0].GetProperty("values")[0].GetProperty("value").ValueKind);
    }

    [TestMethod]
    public void SettingAgainReplacesAndRowsKeepFirstSeenOrder()
    {
        var table = new MetricsTable("AUROC", ["t"]);
        table.Set("b", "t", 0.1);
        table.Set("a", "t", 0.2);
        table.Set("b", "t", 0.3);
        CollectionAssert.AreEqual(new[] { "b", "a" }, table.Models.ToArray());
        Assert.AreEqual(0.3, table.Get("b", "t")!.Value);
    }

    [TestMethod]
    public void RejectsBadInput()
    {
        var table = new MetricsTable("AUROC", ["t"]);
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => table.Set("m", "u", 0.5));
        StringAssert.Contains(unknown.Message, "the table has: t");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => table.Set("m", "t", 79.28), "percentages instead of fractions");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => table.Set("m", "t", 0.5, -0.1, 0.6));
        Assert.ThrowsExactly<ArgumentException>(() => table.Set("m", "t", 0.5, 0.4, null));
        Assert.ThrowsExactly<ArgumentException>(() => table.Set("m", "t", 0.5, 0.6, 0.4));
        Assert.ThrowsExactly<ArgumentException>(() => table.Set(" ", "t", 0.5));
        Assert.ThrowsExactly<ArgumentException>(() => new MetricsTable("AUROC", ["t", "t"]));
        Assert.ThrowsExactly<ArgumentException>(() => new MetricsTable("AUROC", Array.Empty<string>()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MetricsTable.LinearProbe("AUROC", ["t"], [0.0]));
        Assert.ThrowsExactly<ArgumentException>(() => table.Save("table.txt"));
    }

    [TestMethod]
    public void SavePicksTheFormatFromTheExtension()
    {
        var table = Sample();
        var dir = Directory.CreateTempSubdirectory("fgclep-table-");
        try
        {
            foreach (var (ext, text) in new[] { (".md", table.ToMarkdown()), (".csv", table.ToCsv()), (".json", table.ToJson()) })
            {
                var path = Path.Combine(dir.FullName, "results" + ext);
                table.Save(path);
                Assert.AreEqual(text, File.ReadAllText(path));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
