using System.Security.Cryptography;
using System.Text;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class SyntheticFeatureStatementTests
{
    private const int Count = 400;

    private static List<EcgRecord> Generate(double share, int seed = 11, int count = Count) =>
        new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = seed, SamplingRate = 100, DurationSeconds = 5, FeatureStatementShare = share })
            .Generate(0, count).ToList();

    [TestMethod]
    public void DefaultShareIsOneHalf() => Assert.AreEqual(0.5, new SyntheticEcgOptions().FeatureStatementShare);

    [TestMethod]
    [DataRow(1, "DF7927A50A94F7157EE7CC6BE8B847EA04739D1EC9D500611826F88A70960968")]
    [DataRow(7, "77E6BF7B95469288FE0A0D40762494D337B90308D7C6E467CCA6580246975333")]
    public void ShareZeroGivesTheDiagnosisOnlyReportsOfBefore(int seed, string expectedSha256)
    {
        // Hashes of the reports of records 0..299 (each followed by a newline) from the generator before feature
        // statements existed, for the same options.
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = seed, SamplingRate = 100, DurationSeconds = 10, FeatureStatementShare = 0 });
        var records = generator.Generate(0, 300).ToList();
        var text = string.Concat(records.Select(r => r.Report + "\n"));
        Assert.AreEqual(expectedSha256, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        Assert.IsTrue(records.All(r => r.StatedFeatures.Count == 0));
        if (seed == 1)
            Assert.AreEqual("Sinus rhythm. ST depression, consider ischemia.", records[0].Report);
    }

    [TestMethod]
    public void StatementsChangeOnlyTheReportsThatStateFeatures()
    {
        var none = Generate(0, count: 150);
        var half = Generate(0.5, count: 150);
        for (int i = 0; i < none.Count; i++)
        {
            CollectionAssert.AreEqual(none[i].Signal, half[i].Signal);
            CollectionAssert.AreEqual(none[i].Labels.ToArray(), half[i].Labels.ToArray());
            CollectionAssert.AreEqual(none[i].WaveformFeatures.ToArray(), half[i].WaveformFeatures.ToArray());
            CollectionAssert.AreEquivalent(none[i].Metadata.ToArray(), half[i].Metadata.ToArray());
            if (half[i].StatedFeatures.Count == 0) Assert.AreEqual(none[i].Report, half[i].Report);
            else Assert.AreNotEqual(none[i].Report, half[i].Report);
        }
    }

    [TestMethod]
    public void HalfTheReportsStateOneToThreeFeaturesActuallyPresent()
    {
        var records = Generate(0.5);
        int stating = records.Count(r => r.StatedFeatures.Count > 0);
        Assert.IsTrue(stating is >= 160 and <= 240, $"{stating} of {Count} reports state features");
        foreach (var r in records)
        {
            Assert.IsLessThanOrEqualTo(3, r.StatedFeatures.Count);
            CollectionAssert.IsSubsetOf(r.StatedFeatures.ToArray(), r.WaveformFeatures.ToArray(), r.Report);
            CollectionAssert.AllItemsAreUnique(r.StatedFeatures.ToArray());
            var order = r.StatedFeatures.Select(f => r.WaveformFeatures.ToList().IndexOf(f)).ToList();
            CollectionAssert.AreEqual(order.Order().ToList(), order, "stated features keep the ground truth's order");
            foreach (var feature in r.StatedFeatures)
                Assert.IsTrue(SyntheticFeatureStatements.Phrasings[feature].Any(p => r.Report.Contains(p, StringComparison.OrdinalIgnoreCase)),
                    $"'{r.Report}' does not state '{feature}'");
            if (r.StatedFeatures.Count == 0)
                foreach (var phrasings in SyntheticFeatureStatements.Phrasings.Values)
                    Assert.IsFalse(phrasings.Any(p => r.Report.Contains(p + ".", StringComparison.Ordinal)), r.Report);
            Assert.IsFalse(r.Report.Contains("..", StringComparison.Ordinal) || r.Report.Contains("  ", StringComparison.Ordinal), r.Report);
            Assert.EndsWith(".", r.Report);
        }
    }

    [TestMethod]
    public void PhrasingsAndPlacementVary()
    {
        var records = Generate(0.5).Where(r => r.StatedFeatures.Count > 0).ToList();
        var used = new Dictionary<string, HashSet<string>>();
        foreach (var r in records)
            foreach (var feature in r.StatedFeatures)
            {
                var set = used.TryGetValue(feature, out var s) ? s : used[feature] = new HashSet<string>();
                foreach (var p in SyntheticFeatureStatements.Phrasings[feature].Where(p => r.Report.Contains(p, StringComparison.OrdinalIgnoreCase)))
                    set.Add(p);
            }
        Assert.IsGreaterThanOrEqualTo(15, used.Count, "many different features are stated");
        Assert.IsGreaterThanOrEqualTo(10, used.Count(u => u.Value.Count >= 2), "features are stated in several phrasings");
        Assert.IsTrue(Enumerable.Range(1, 3).All(n => records.Any(r => r.StatedFeatures.Count == n)));

        // Some statements come before the diagnosis, some after it.
        static bool EndsWithStatement(EcgRecord r) =>
            r.StatedFeatures.Any(f => SyntheticFeatureStatements.Phrasings[f].Any(p => r.Report.EndsWith(p + ".", StringComparison.OrdinalIgnoreCase)));
        int last = records.Count(EndsWithStatement);
        Assert.IsTrue(last > records.Count / 5 && last < records.Count * 4 / 5, $"{last} of {records.Count} end with a statement");
        Assert.IsTrue(records.Any(r => r.Report.Contains(", ", StringComparison.Ordinal) && r.StatedFeatures.Count > 1));
    }

    [TestMethod]
    public void PhrasingsCoverTheVocabularyAndLeadWithItsNames()
    {
        CollectionAssert.AreEquivalent(SyntheticWaveformFeatures.All.ToArray(), SyntheticFeatureStatements.Phrasings.Keys.ToArray());
        foreach (var (feature, phrasings) in SyntheticFeatureStatements.Phrasings)
        {
            Assert.IsGreaterThanOrEqualTo(3, phrasings.Length, feature);
            Assert.AreEqual(feature, phrasings[0], ignoreCase: true, "the first phrasing is the name the proposers use");
            CollectionAssert.AllItemsAreUnique(phrasings);
            foreach (var condition in SyntheticEcgConditions.All)
                Assert.IsFalse(phrasings.Any(p => string.Equals(p, condition, StringComparison.OrdinalIgnoreCase)), $"{feature} reads as the diagnosis '{condition}'");
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameReports()
    {
        var a = Generate(0.5, seed: 4, count: 60);
        var b = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 4, SamplingRate = 100, DurationSeconds = 5, FeatureStatementShare = 0.5 });
        foreach (var i in new[] { 59, 3, 17, 0 })
        {
            var again = b.Generate(i);
            Assert.AreEqual(a[i].Report, again.Report);
            CollectionAssert.AreEqual(a[i].StatedFeatures.ToArray(), again.StatedFeatures.ToArray());
        }
        var other = Generate(0.5, seed: 5, count: 60);
        Assert.IsTrue(a.Zip(other).Any(p => p.First.Report != p.Second.Report));
    }

    [TestMethod]
    public void ShareOneStatesFeaturesInEveryReport()
    {
        var records = Generate(1, count: 150);
        Assert.IsTrue(records.All(r => r.StatedFeatures.Count is >= 1 and <= 3), "every report states features");
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(-0.01)]
    [DataRow(1.01)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(double.NegativeInfinity)]
    public void InvalidShareIsRejected(double share)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { FeatureStatementShare = share }));
        StringAssert.Contains(e.Message, nameof(SyntheticEcgOptions.FeatureStatementShare));
    }

    [TestMethod]
    public void DataViewCarriesTheStatedReports()
    {
        var synthetic = new SyntheticEcgOptions { Seed = 11, SamplingRate = 100, DurationSeconds = 5, FeatureStatementShare = 1 };
        var view = new MLContext(1).Data.LoadSyntheticEcg(6, synthetic);
        var reports = view.GetColumn<string>(EcgDataView.ReportColumn).ToList();
        CollectionAssert.AreEqual(new SyntheticEcgGenerator(synthetic).Generate(0, 6).Select(r => r.Report).ToList(), reports);
    }
}
