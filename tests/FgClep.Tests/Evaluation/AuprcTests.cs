using FgClep.Evaluation;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class AuprcTests
{
    /// <summary>Mean over positives of the precision among rows scored at least as high as that positive.</summary>
    private static double BruteForce(float[] s, bool[] y)
    {
        double sum = 0; int positives = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!y[i]) continue;
            positives++;
            int atLeast = 0, hits = 0;
            for (int j = 0; j < s.Length; j++)
                if (s[j] >= s[i]) { atLeast++; if (y[j]) hits++; }
            sum += (double)hits / atLeast;
        }
        return sum / positives;
    }

    [TestMethod]
    public void MatchesBruteForceWithTies()
    {
        var rng = new Random(5);
        int checkedTrials = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int n = rng.Next(1, 80);
            var s = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 6)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3).ToArray();
            if (!y.Any(v => v)) { Assert.IsTrue(double.IsNaN(Auprc.Compute(s, y))); continue; }
            Assert.AreEqual(BruteForce(s, y), Auprc.Compute(s, y), 1e-12, $"trial {trial}");
            checkedTrials++;
        }
        Assert.IsGreaterThan(40, checkedTrials);
    }

    [TestMethod]
    public void KnownValues()
    {
        // Positives at ranks 1 and 3 of 4: (1/1 + 2/3) / 2.
        Assert.AreEqual(5.0 / 6, Auprc.Compute(new[] { 0.1f, 0.4f, 0.35f, 0.8f }, new[] { false, false, true, true }), 1e-12);
        Assert.AreEqual(1.0, Auprc.Compute(new[] { 0.1f, 0.9f, 0.8f }, new[] { false, true, true }));
        Assert.AreEqual(1.0, Auprc.Compute(new[] { 0.1f, 0.2f }, new[] { true, true }), "all positive");
        // A tie of one positive and one negative at the top is one threshold: precision 1/2 there.
        Assert.AreEqual(0.5, Auprc.Compute(new[] { 0.7f, 0.7f, 0.1f }, new[] { true, false, false }), 1e-12);
        // Worst ranking: the only positive is last of 4.
        Assert.AreEqual(0.25, Auprc.Compute(new[] { 0.9f, 0.8f, 0.7f, 0.1f }, new[] { false, false, false, true }), 1e-12);
        Assert.IsTrue(double.IsNaN(Auprc.Compute(new[] { 0.3f, 0.4f }, new[] { false, false })));
    }

    [TestMethod]
    public void RejectsMismatchedLengthsAndNaN()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Auprc.Compute(new[] { 0.1f }, new[] { true, false }));
        Assert.ThrowsExactly<ArgumentException>(() => Auprc.Compute(new[] { 0.1f, float.NaN }, new[] { true, false }));
        Assert.ThrowsExactly<ArgumentException>(() => Auprc.ComputeMacro(new float[6], new float[4], 2));
        Assert.ThrowsExactly<ArgumentException>(() => Auprc.ComputeMacro(new float[6], new float[6], 4));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Auprc.ComputeMacro(new float[6], new float[6], 0));
    }

    [TestMethod]
    public void MacroExcludesClassesWithoutPositivesOnly()
    {
        // 4 samples × 3 classes; class 1 has no positives (excluded), class 2 only positives (AP = 1, kept).
        var scores = new[] { 0.9f, 0.1f, 0.2f, 0.2f, 0.5f, 0.4f, 0.6f, 0.3f, 0.9f, 0.1f, 0.8f, 0.3f };
        var labels = new[] { 1f, 0f, 1f, 0f, 0f, 1f, 1f, 0f, 1f, 0f, 0f, 1f };
        var m = Auprc.ComputeMacro(scores, labels, 3);
        Assert.AreEqual(1, m.ExcludedClasses);
        Assert.IsTrue(double.IsNaN(m.PerClass[1]));
        Assert.AreEqual(1.0, m.PerClass[2], 1e-12);
        double class0 = Auprc.Compute(new[] { 0.9f, 0.2f, 0.6f, 0.1f }, new[] { true, false, true, false });
        Assert.AreEqual(1.0, class0, 1e-12);
        Assert.AreEqual((class0 + 1.0) / 2, m.Macro, 1e-12);
        var auroc = RocAuc.ComputeMacro(scores, labels, 3);
        Assert.AreEqual(2, auroc.ExcludedClasses, "AUROC also needs negatives, so it drops class 2 as well");
    }

    [TestMethod]
    public void MacroOfNoDefinedClassIsNaN()
    {
        var m = Auprc.ComputeMacro(new[] { 0.1f, 0.2f }, new[] { 0f, 0f }, 1);
        Assert.IsTrue(double.IsNaN(m.Macro));
        Assert.AreEqual(1, m.ExcludedClasses);
    }

    [TestMethod]
    public void WeightedKernelEqualsExpandedRows()
    {
        var rng = new Random(12);
        for (int trial = 0; trial < 30; trial++)
        {
            int n = rng.Next(2, 40);
            var s = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 5)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray();
            var w = Enumerable.Range(0, n).Select(_ => rng.Next(0, 4)).ToArray();
            var expandedS = s.SelectMany((v, i) => Enumerable.Repeat(v, w[i])).ToArray();
            var expandedY = y.SelectMany((v, i) => Enumerable.Repeat(v, w[i])).ToArray();
            var kernel = new BinaryMetrics(s, y);
            double auroc = RocAuc.Compute(expandedS, expandedY), ap = Auprc.Compute(expandedS, expandedY);
            if (double.IsNaN(auroc)) Assert.IsTrue(double.IsNaN(kernel.Auroc(w))); else Assert.AreEqual(auroc, kernel.Auroc(w), 1e-12);
            if (double.IsNaN(ap)) Assert.IsTrue(double.IsNaN(kernel.AveragePrecision(w))); else Assert.AreEqual(ap, kernel.AveragePrecision(w), 1e-12);
            if (!y.All(v => v) && y.Any(v => v)) Assert.AreEqual(RocAuc.Compute(s, y), kernel.Auroc(), 1e-12);
        }
    }
}
