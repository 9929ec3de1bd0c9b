using FgClep.Preprocessing;

namespace FgClep.Tests.Preprocessing;

[TestClass]
public sealed class ResamplerTests
{
    [TestMethod]
    [DataRow(500.0, 100.0, 1, 5)]
    [DataRow(360.0, 100.0, 5, 18)]
    [DataRow(250.0, 100.0, 2, 5)]
    [DataRow(1000.0, 100.0, 1, 10)]
    [DataRow(257.0, 100.0, 100, 257)]
    [DataRow(50.0, 100.0, 2, 1)]
    [DataRow(128.0, 100.0, 25, 32)]
    public void RateRatioIsReducedToAFraction(double input, double output, int up, int down)
    {
        var r = new SignalResampler(input, output);
        Assert.AreEqual(up, r.Up);
        Assert.AreEqual(down, r.Down);
    }

    [TestMethod]
    [DataRow(500.0, 5000, 1000)]
    [DataRow(360.0, 3600, 1000)]
    [DataRow(257.0, 2570, 1000)]
    [DataRow(1000.0, 10000, 1000)]
    public void OutputLengthCoversTheSameDuration(double input, int inputLength, int expected)
        => Assert.AreEqual(expected, new SignalResampler(input, 100).OutputLength(inputLength));

    [TestMethod]
    [DataRow(500.0)]
    [DataRow(360.0)]
    [DataRow(250.0)]
    [DataRow(1000.0)]
    [DataRow(257.0)]
    [DataRow(50.0)]
    public void TenHertzSineKeepsAmplitudeAndPhase(double input)
    {
        var r = new SignalResampler(input, 100);
        var x = Sine(input, 10 * (int)input, input == 50 ? 5 : 10, 1.0);
        var y = new float[r.OutputLength(x.Length)];
        r.Resample(x, y);
        double hz = input == 50 ? 5 : 10;
        // Away from the ends, every output sample sits on the original sine at its own time.
        for (int o = 100; o < y.Length - 100; o++)
            Assert.AreEqual(Math.Sin(2 * Math.PI * hz * o / 100.0), y[o], 0.03, $"sample {o}");
    }

    [TestMethod]
    public void FortyFiveHertzIsRemovedWhenGoingTo100Hz()
    {
        var r = new SignalResampler(500, 100);
        var x = Sine(500, 5000, 45, 1.0);
        var y = new float[r.OutputLength(x.Length)];
        r.Resample(x, y);
        Assert.IsLessThan(0.01, y.Skip(100).Take(800).Max(v => Math.Abs(v)));
    }

    [TestMethod]
    public void ConstantStaysExactlyConstantIncludingTheEnds()
    {
        var r = new SignalResampler(257, 100);
        var x = Enumerable.Repeat(2.5f, 2570).ToArray();
        var y = new float[r.OutputLength(x.Length)];
        r.Resample(x, y);
        foreach (var v in y) Assert.AreEqual(2.5, v, 1e-4);
    }

    [TestMethod]
    public void WrongOutputLengthIsRejected()
    {
        var r = new SignalResampler(500, 100);
        Assert.ThrowsExactly<ArgumentException>(() => r.Resample(new float[500], new float[99]));
    }

    internal static float[] Sine(double rate, int length, double hz, double amplitude)
        => Enumerable.Range(0, length).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();
}
