using System.Text.Json;
using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using FgClep.Inference;

namespace FgClep.Tests.Cli;

// Pre-training seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class CliRetrieveTests
{
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void CreateModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("cli-retrieve");
        _model = CliTestRun.PretrainModel(_dir);
    }

    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void JsonListsTheTopKByProbabilityAsTheLibraryRanksThem()
    {
        var (code, output, error) = CliTestRun.Run("retrieve", "atrial fibrillation", "--model", _model, "--synthetic", "60", "--split", "all", "--top", "7", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("atrial fibrillation", json.RootElement.GetProperty("query").GetString());
        Assert.AreEqual(60, json.RootElement.GetProperty("records").GetInt32());
        var hits = json.RootElement.GetProperty("hits").EnumerateArray().ToArray();
        Assert.HasCount(7, hits);

        using var model = ClepEncoder.Load(_model);
        var records = CliTestRun.SyntheticRecords();
        var expected = new Retrieval(model, model.EmbedRecords(records), records.Select(r => r.RecordId).ToArray()).Search("atrial fibrillation", 7);
        for (int i = 0; i < hits.Length; i++)
        {
            Assert.AreEqual(i + 1, hits[i].GetProperty("rank").GetInt32());
            Assert.AreEqual(expected[i].RecordId, hits[i].GetProperty("recordId").GetString());
            double p = hits[i].GetProperty("probability").GetDouble();
            Assert.AreEqual(expected[i].Probability, p, 1e-5);
            Assert.AreEqual(1 / (1 + Math.Exp(-hits[i].GetProperty("logit").GetDouble())), p, 1e-4);
            if (i > 0) Assert.IsLessThanOrEqualTo(hits[i - 1].GetProperty("probability").GetDouble(), p);
            Assert.AreEqual(records[expected[i].Index].Report, hits[i].GetProperty("report").GetString());
            var labels = hits[i].GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToArray();
            var positives = SyntheticEcgGenerator.Conditions.Where(c => records[expected[i].Index].Labels.Contains(c)).ToArray();
            CollectionAssert.AreEquivalent(positives, labels);
        }
    }

    [TestMethod]
    public void TableNamesTheBestRecordAndTopIsCappedByTheGallery()
    {
        var (code, output, error) = CliTestRun.Run("retrieve", "sinus rhythm", "-m", _model, "--synthetic", "60", "--top", "100");
        Assert.AreEqual(0, code, error);
        // The default split is test: the last 6 of 60 records.
        StringAssert.Contains(output, "Top 6 of 6 ECGs");
        StringAssert.Contains(output, "Rank");
        Assert.AreEqual(6, Enumerable.Range(54, 6).Count(i => output.Contains($"synthetic-{i} ", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void EmptyQueryIsBadInput(string query)
    {
        var (code, _, error) = CliTestRun.Run("retrieve", query, "-m", _model, "--synthetic", "60");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "query is empty");
    }

    [TestMethod]
    public void MissingModelAndZeroTopAreBadInput()
    {
        var missing = Path.Combine(_dir, "no-such-model.fgclep");
        var (code, _, error) = CliTestRun.Run("retrieve", "afib", "-m", missing, "--synthetic", "60");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, missing);

        (code, _, error) = CliTestRun.Run("retrieve", "afib", "-m", _model, "--synthetic", "60", "--top", "0");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--top");

        (code, _, error) = CliTestRun.Run("retrieve", "afib", "-m", _model);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "no data source");
    }
}
