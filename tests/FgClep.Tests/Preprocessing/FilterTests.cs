using FgClep.Preprocessing;

namespace FgClep.Tests.Preprocessing;

[TestClass]
public sealed class FilterTests
{
    private const double Rate = 100;

    [TestMethod]
    public void HighPassRemovesSlowDriftAndKeepsTenHertz()
    {
        var x = Enumerable.Range(0, 2000).Select(i => (float)(Math.Sin(2 * Math.PI * 0.1 * i / Rate) + 1.5 + 0.5 * Math.Sin(2 * Math.PI * 10 * i / Rate))).ToArray();
        var work = Array.Empty<double>();
        SignalFilter.HighPass(0.5, Rate).ApplyZeroPhase(x, ref work);
        for (int i = 0; i < x.Length; i++)
        {
            bool edge = i < Rate || i >= x.Length - Rate; // the first and last second carry a small residue of the drift
            Assert.AreEqual(0.5 * Math.Sin(2 * Math.PI * 10 * i / Rate), x[i], edge ? 0.08 : 0.02, $"sample {i}");
        }
    }

    [TestMethod]
    public void ConstantInputHasNoEdgeTransient()
    {
        var x = Enumerable.Repeat(3f, 500).ToArray();
        var y = (float[])x.Clone();
        var work = Array.Empty<double>();
        SignalFilter.HighPass(0.5, Rate).ApplyZeroPhase(x, ref work);
        SignalFilter.LowPass(40, Rate).ApplyZeroPhase(y, ref work);
        foreach (var v in x) Assert.AreEqual(0, v, 1e-4);
        foreach (var v in y) Assert.AreEqual(3, v, 1e-4);
    }

    [TestMethod]
    public void ZeroPhaseKeepsAPulseWhereItIs()
    {
        var x = Enumerable.Range(0, 400).Select(i => (float)Math.Exp(-0.5 * Math.Pow((i - 200) / 4.0, 2))).ToArray();
        var work = Array.Empty<double>();
        SignalFilter.LowPass(10, Rate).ApplyZeroPhase(x, ref work);
        int peak = Array.IndexOf(x, x.Max());
        Assert.AreEqual(200, peak);
        Assert.AreEqual(x[190], x[210], 1e-4); // still symmetric
    }

    [TestMethod]
    public void LowPassAttenuatesAboveCutOff()
    {
        var x = ResamplerTests.Sine(Rate, 1000, 45, 1);
        var work = Array.Empty<double>();
        SignalFilter.LowPass(20, Rate).ApplyZeroPhase(x, ref work);
        Assert.IsLessThan(0.1, x.Skip(100).Take(800).Max(v => Math.Abs(v)));
    }

    [TestMethod]
    public void ShortSignalsAreHandled()
    {
        var work = Array.Empty<double>();
        var one = new[] { 1f };
        SignalFilter.HighPass(0.5, Rate).ApplyZeroPhase(one, ref work);
        var two = new[] { 1f, 2f };
        SignalFilter.HighPass(0.5, Rate).ApplyZeroPhase(two, ref work);
        Assert.IsTrue(one.Concat(two).All(float.IsFinite));
    }

    [TestMethod]
    public void RepairInterpolatesGapsAndHoldsEnds()
    {
        var x = new[] { float.NaN, 1f, float.PositiveInfinity, float.NaN, 4f, float.NegativeInfinity };
        int repaired = SignalRepair.Repair(x, out bool empty);
        Assert.AreEqual(4, repaired);
        Assert.IsFalse(empty);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 2f, 3f, 4f, 4f }, x);

        var all = new[] { float.NaN, float.NaN };
        Assert.AreEqual(2, SignalRepair.Repair(all, out empty));
        Assert.IsTrue(empty);
        CollectionAssert.AreEqual(new[] { 0f, 0f }, all);
    }
}
