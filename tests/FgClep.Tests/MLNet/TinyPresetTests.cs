using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.MLNet;

// Trains with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class TinyPresetTests
{
    [TestMethod]
    public void TheTinyPresetTrainsAndAnEnrichmentThatKeepsNothingSaysWhy()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadSyntheticEcg(16);
        using var clep = ml.Transforms.PretrainFgClep(FgClepPretrainPresets.Tiny()).Fit(data);
        Assert.AreEqual(32, clep.Model.EmbeddingSize);
        Assert.HasCount(16, clep.Transform(data).GetColumn<float[]>("EcgEmbedding").ToList());

        var enrichment = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default, threshold: 0.999).Fit(data);
        var statistics = enrichment.Statistics;
        Assert.IsGreaterThan(0L, statistics.Candidates);
        Assert.AreEqual(0L, statistics.Verified, "a tiny one-epoch model gives no probability near 0.999");
        Assert.AreEqual(0.999, statistics.Threshold, 1e-12);
        Assert.IsTrue(statistics.HighestProbability is > 0 and < 0.999, $"highest {statistics.HighestProbability}");
        StringAssert.Contains(statistics.ToString(), "No candidate exceeded the threshold 0.999");
        StringAssert.Contains(statistics.ToString(), "ThresholdFromValidation");
    }

    [TestMethod]
    public void NoHintWhenSomethingWasVerifiedOrNothingProposed()
    {
        Assert.IsNull(EnrichmentStatistics.NothingVerifiedHint(candidates: 10, verified: 1, threshold: 0.5, highestProbability: 0.9));
        Assert.IsNull(EnrichmentStatistics.NothingVerifiedHint(candidates: 0, verified: 0, threshold: 0.5, highestProbability: double.NaN));
        StringAssert.Contains(EnrichmentStatistics.NothingVerifiedHint(3, 0, double.NaN, double.NaN), "No candidate exceeded the threshold:");
    }
}
