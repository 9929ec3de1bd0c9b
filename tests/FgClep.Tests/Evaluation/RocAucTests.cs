using FgClep.Evaluation;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class RocAucTests
{
    private static double BruteForce(float[] s, bool[] y)
    {
        double wins = 0; long pairs = 0;
        for (int i = 0; i < s.Length; i++)
            for (int j = 0; j < s.Length; j++)
                if (y[i] && !y[j]) { pairs++; wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0; }
        return wins / pairs;
    }

    [TestMethod]
    public void MatchesPairCountingWithTies()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = rng.Next(2, 60);
            var s = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 5)).ToArray(); // many ties
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray();
            if (y.All(v => v) || y.All(v => !v)) continue;
            Assert.AreEqual(BruteForce(s, y), RocAuc.Compute(s, y), 1e-12);
        }
    }

    [TestMethod]
    public void PerfectInvertedAndUndefined()
    {
        Assert.AreEqual(1.0, RocAuc.Compute(new[] { 0.1f, 0.9f }, new[] { false, true }));
        Assert.AreEqual(0.0, RocAuc.Compute(new[] { 0.1f, 0.9f }, new[] { true, false }));
        Assert.AreEqual(0.5, RocAuc.Compute(new[] { 0.3f, 0.3f }, new[] { true, false }));
        Assert.IsTrue(double.IsNaN(RocAuc.Compute(new[] { 0.3f, 0.4f }, new[] { true, true })));
    }

    [TestMethod]
    public void MacroExcludesClassesWithoutPositives()
    {
        // 3 samples × 2 classes; class 1 has no positives.
        var scores = new[] { 0.9f, 0.1f, 0.2f, 0.5f, 0.4f, 0.3f };
        var labels = new[] { 1f, 0f, 0f, 0f, 1f, 0f };
        var m = RocAuc.ComputeMacro(scores, labels, 2);
        Assert.AreEqual(1, m.ExcludedClasses);
        Assert.AreEqual(1.0, m.Macro, 1e-12);
        Assert.IsTrue(double.IsNaN(m.PerClass[1]));
    }
}
