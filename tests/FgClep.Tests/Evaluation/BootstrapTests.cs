using FgClep.Evaluation;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class BootstrapTests
{
    /// <summary>Samples × classes scores and labels; positives score higher by <paramref name="signal"/> on average.</summary>
    private static (float[] Scores, float[] Labels) Data(int samples, int classes, int seed, double signal = 0.4, double positiveRate = 0.3)
    {
        var rng = new Random(seed);
        var scores = new float[samples * classes];
        var labels = new float[samples * classes];
        for (int i = 0; i < scores.Length; i++)
        {
            bool y = rng.NextDouble() < positiveRate;
            labels[i] = y ? 1 : 0;
            scores[i] = (float)Math.Round(rng.NextDouble() + (y ? signal : 0), 2);
        }
        return (scores, labels);
    }

    [TestMethod]
    public void EstimatesEqualTheMacroMetricsAndIntervalsContainThem()
    {
        var (s, y) = Data(200, 4, seed: 1);
        var result = Bootstrap.MacroAurocAndAuprc(s, y, 4, new BootstrapOptions { Resamples = 300, Seed = 3 });
        Assert.AreEqual(RocAuc.ComputeMacro(s, y, 4).Macro, result.MacroAuroc.Estimate, 1e-12);
        Assert.AreEqual(Auprc.ComputeMacro(s, y, 4).Macro, result.MacroAuprc.Estimate, 1e-12);
        foreach (var ci in new[] { result.MacroAuroc, result.MacroAuprc })
        {
            Assert.IsLessThan(ci.Estimate, ci.Lower);
            Assert.IsGreaterThan(ci.Estimate, ci.Upper);
            Assert.IsGreaterThan(0.01, ci.Upper - ci.Lower, "a real interval, not a point");
            Assert.AreEqual(300, ci.Resamples);
            Assert.AreEqual(0.95, ci.Level);
        }
        Assert.AreEqual(300, result.Resamples);
    }

    [TestMethod]
    public void SameSeedSameIntervalsAndOtherSeedDiffers()
    {
        var (s, y) = Data(120, 3, seed: 2);
        var options = new BootstrapOptions { Resamples = 200, Seed = 7 };
        var a = Bootstrap.MacroAurocAndAuprc(s, y, 3, options);
        var b = Bootstrap.MacroAurocAndAuprc(s, y, 3, options);
        var c = Bootstrap.MacroAurocAndAuprc(s, y, 3, options with { Seed = 8 });
        Assert.AreEqual(a, b);
        Assert.AreNotEqual(a.MacroAuroc.Lower, c.MacroAuroc.Lower);
    }

    [TestMethod]
    public void MoreRecordsGiveNarrowerIntervals()
    {
        var small = Data(100, 2, seed: 4);
        var large = Data(1600, 2, seed: 4);
        var options = new BootstrapOptions { Resamples = 300 };
        var a = Bootstrap.MacroAurocAndAuprc(small.Scores, small.Labels, 2, options).MacroAuroc;
        var b = Bootstrap.MacroAurocAndAuprc(large.Scores, large.Labels, 2, options).MacroAuroc;
        // The width shrinks about as 1/√n: 16× the records, about a quarter of the width.
        Assert.IsLessThan((a.Upper - a.Lower) / 2, b.Upper - b.Lower);
    }

    [TestMethod]
    public void NarrowerLevelGivesNestedInterval()
    {
        var (s, y) = Data(150, 2, seed: 5);
        var wide = Bootstrap.MacroAurocAndAuprc(s, y, 2, new BootstrapOptions { Resamples = 400, Seed = 1 }).MacroAuprc;
        var narrow = Bootstrap.MacroAurocAndAuprc(s, y, 2, new BootstrapOptions { Resamples = 400, Seed = 1, ConfidenceLevel = 0.5 }).MacroAuprc;
        Assert.IsLessThan(narrow.Lower, wide.Lower);
        Assert.IsGreaterThan(narrow.Upper, wide.Upper);
    }

    [TestMethod]
    public void ResamplesWithoutTheOnlyPositiveAreSkipped()
    {
        // One class, 30 records, one positive: about (29/30)^30 ≈ 36 % of resamples lack it and are undefined.
        var scores = Enumerable.Range(0, 30).Select(i => i / 30f).ToArray();
        var labels = Enumerable.Range(0, 30).Select(i => i == 20 ? 1f : 0f).ToArray();
        var result = Bootstrap.MacroAurocAndAuprc(scores, labels, 1, new BootstrapOptions { Resamples = 500, Seed = 2 });
        Assert.IsLessThan(450, result.MacroAuroc.Resamples);
        Assert.IsGreaterThan(250, result.MacroAuroc.Resamples);
        Assert.AreEqual(result.MacroAuroc.Resamples, result.MacroAuprc.Resamples, "both need the positive");
        Assert.IsFalse(double.IsNaN(result.MacroAuroc.Lower));
    }

    [TestMethod]
    public void ClassesUndefinedInAResampleAreSkippedNotTheResample()
    {
        // Class 1 has a single positive; class 0 is always defined, so every resample counts.
        var rng = new Random(6);
        int n = 40;
        var scores = new float[n * 2];
        var labels = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            labels[i * 2] = i % 2;
            scores[i * 2] = (float)rng.NextDouble() + i % 2;
            labels[i * 2 + 1] = i == 5 ? 1 : 0;
            scores[i * 2 + 1] = (float)rng.NextDouble();
        }
        var result = Bootstrap.MacroAurocAndAuprc(scores, labels, 2, new BootstrapOptions { Resamples = 200 });
        Assert.AreEqual(200, result.MacroAuroc.Resamples);
        Assert.AreEqual(200, result.MacroAuprc.Resamples);
    }

    [TestMethod]
    public void AClassWithoutPositivesAnywhereDoesNotChangeTheIntervals()
    {
        var (s, y) = Data(80, 2, seed: 9);
        // Add a third class with no positives: it is excluded everywhere, so nothing else moves.
        var s3 = new float[80 * 3];
        var y3 = new float[80 * 3];
        for (int i = 0; i < 80; i++)
        {
            s3[i * 3] = s[i * 2]; s3[i * 3 + 1] = s[i * 2 + 1]; s3[i * 3 + 2] = i;
            y3[i * 3] = y[i * 2]; y3[i * 3 + 1] = y[i * 2 + 1];
        }
        var options = new BootstrapOptions { Resamples = 100, Seed = 4 };
        Assert.AreEqual(Bootstrap.MacroAurocAndAuprc(s, y, 2, options), Bootstrap.MacroAurocAndAuprc(s3, y3, 3, options));
    }

    [TestMethod]
    public void PercentileUsesLinearInterpolation()
    {
        var ci = ConfidenceInterval.Percentile(50, Enumerable.Range(0, 101).Select(i => (double)i).Append(double.NaN));
        Assert.AreEqual(2.5, ci.Lower, 1e-12);
        Assert.AreEqual(97.5, ci.Upper, 1e-12);
        Assert.AreEqual(101, ci.Resamples);
        var one = ConfidenceInterval.Percentile(0.7, new[] { 0.6 });
        Assert.AreEqual(0.6, one.Lower);
        Assert.AreEqual(0.6, one.Upper);
        var none = ConfidenceInterval.Percentile(0.7, new[] { double.NaN });
        Assert.IsTrue(double.IsNaN(none.Lower));
        Assert.AreEqual(0, none.Resamples);
        Assert.AreEqual("0.5000 [0.2500, 0.9750]", new ConfidenceInterval(0.5, 0.25, 0.975, 0.95, 10).ToString());
    }

    [TestMethod]
    public void RejectsBadOptionsAndData()
    {
        var (s, y) = Data(10, 1, seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Bootstrap.MacroAurocAndAuprc(s, y, 1, new BootstrapOptions { Resamples = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Bootstrap.MacroAurocAndAuprc(s, y, 1, new BootstrapOptions { ConfidenceLevel = 1 }));
        Assert.ThrowsExactly<ArgumentException>(() => Bootstrap.MacroAurocAndAuprc(s, y.Take(9).ToArray(), 1));
        Assert.ThrowsExactly<ArgumentException>(() => Bootstrap.MacroAurocAndAuprc([], [], 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ConfidenceInterval.Percentile(0, [1.0], level: 0));
    }
}
