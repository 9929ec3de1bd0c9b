using FgClep.Datasets.Synthetic;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class SyntheticLoaderSplitTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void EveryRecordCarriesTheSplitTheCliUses()
    {
        var splits = Ml.Data.LoadSyntheticEcg(20).GetColumn<string>("Split").ToArray();
        CollectionAssert.AreEqual(Enumerable.Repeat("train", 16).Concat(new[] { "validation", "validation", "test", "test" }).ToArray(), splits);
        Assert.AreEqual((16, 2), SyntheticEcgSplit.Range(20, "validation"));
        Assert.AreEqual((18, 2), SyntheticEcgSplit.Range(20, "test"));
    }

    [TestMethod]
    public void OneSplitIsTheSameRecordsAsInTheWholeSet()
    {
        var generator = new SyntheticEcgOptions { Seed = 4 };
        var all = Ml.Data.LoadSyntheticEcg(20, new SyntheticLoadOptions { Generator = generator });
        var test = Ml.Data.LoadSyntheticEcg(20, new SyntheticLoadOptions { Generator = generator, Split = "test" });
        CollectionAssert.AreEqual(all.GetColumn<string>("RecordId").Skip(18).ToArray(), test.GetColumn<string>("RecordId").ToArray());
        CollectionAssert.AreEqual(all.GetColumn<string>("Report").Skip(18).ToArray(), test.GetColumn<string>("Report").ToArray());
        CollectionAssert.AreEqual(new[] { "test", "test" }, test.GetColumn<string>("Split").ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Data.LoadSyntheticEcg(20, new SyntheticLoadOptions { Split = "holdout" }));
        StringAssert.Contains(e.Message, "'holdout'");
    }
}
