using FgClep.Training;

namespace FgClep.Tests.Training;

[TestClass]
public sealed class CosineWarmupScheduleTests
{
    [TestMethod]
    public void WarmsUpLinearlyThenDecaysToZero()
    {
        var s = new CosineWarmupSchedule(100, 0.1);
        Assert.AreEqual(10, s.WarmupSteps);
        for (int i = 1; i < 10; i++) Assert.IsGreaterThan(s.Factor(i - 1), s.Factor(i));
        Assert.AreEqual(1.0, s.Factor(10), 1e-12);
        for (int i = 11; i < 100; i++) Assert.IsLessThan(s.Factor(i - 1), s.Factor(i));
        Assert.AreEqual(0.5, s.Factor(55), 1e-12);
        Assert.IsLessThan(0.001, s.Factor(99));
    }
}
