using FgClep.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class MetricsCrossCheckTests
{
    private sealed class ScoredRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private static (float[] Scores, bool[] Labels) RandomData(Random rng, int n, int levels)
    {
        // Scores on a coarse grid, so many are tied; positives score a little higher on average.
        var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.35).ToArray();
        var scores = labels.Select(y => (float)Math.Round(rng.NextDouble() * levels + (y ? levels * 0.3 : 0)) - levels / 2f).ToArray();
        return (scores, labels);
    }

    private static BinaryClassificationMetrics Evaluate(MLContext ml, float[] scores, bool[] labels)
    {
        var rows = scores.Select((s, i) => new ScoredRow
        {
            Label = labels[i], Score = s, Probability = 1f / (1f + MathF.Exp(-s)), PredictedLabel = s > 0,
        }).ToList();
        return ml.BinaryClassification.Evaluate(ml.Data.LoadFromEnumerable(rows));
    }

    [TestMethod]
    [DataRow(1, 40, 4)]
    [DataRow(2, 300, 10)]
    [DataRow(3, 1000, 25)]
    [DataRow(4, 2000, 1000)]
    public void RocAucMatchesMlNetWithTies(int seed, int n, int levels)
    {
        var ml = new MLContext(seed: 1);
        var (scores, labels) = RandomData(new Random(seed), n, levels);
        Assert.IsGreaterThan(scores.Distinct().Count(), n, "the data must contain ties");
        double ours = RocAuc.Compute(scores, labels);
        Assert.IsGreaterThan(0.55, ours, "scores are informative, so the check is not at the trivial 0.5");
        Assert.AreEqual(Evaluate(ml, scores, labels).AreaUnderRocCurve, ours, 1e-9);
    }

    [TestMethod]
    public void RocAucMatchesMlNetWhenAllScoresTie()
    {
        var ml = new MLContext(seed: 1);
        var scores = Enumerable.Repeat(0.25f, 20).ToArray();
        var labels = Enumerable.Range(0, 20).Select(i => i % 3 == 0).ToArray();
        Assert.AreEqual(0.5, RocAuc.Compute(scores, labels));
        Assert.AreEqual(Evaluate(ml, scores, labels).AreaUnderRocCurve, RocAuc.Compute(scores, labels), 1e-12);
    }

    [TestMethod]
    public void AveragePrecisionIsCloseToMlNetAuprc()
    {
        // ML.NET estimates the PR area differently from average precision, so only approximate agreement is expected.
        var ml = new MLContext(seed: 1);
        var (scores, labels) = RandomData(new Random(9), 500, 100000);
        double ours = Auprc.Compute(scores, labels);
        Assert.IsGreaterThan(labels.Count(y => y) / 500.0 + 0.1, ours, "better than the positive rate");
        Assert.AreEqual(Evaluate(ml, scores, labels).AreaUnderPrecisionRecallCurve, ours, 0.01);
    }
}
