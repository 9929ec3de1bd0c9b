using System.Text.Json;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.Tests.Preprocessing;

[TestClass]
public sealed class PreprocessorTests
{
    private static readonly EcgPreprocessorOptions Raw = new()
    {
        HighPassHz = null,
        LowPassHz = null,
        Normalization = EcgPreprocessorNormalization.None,
    };

    private static EcgRecord Record(double rate, double seconds, Func<int, double, double> value, IReadOnlyList<string>? leads = null, string units = "mV")
    {
        leads ??= StandardLeads.Twelve;
        int n = (int)Math.Round(rate * seconds);
        var signal = new float[leads.Count * n];
        for (int l = 0; l < leads.Count; l++)
            for (int s = 0; s < n; s++) signal[l * n + s] = (float)value(l, s / rate);
        return new EcgRecord("test", signal, leads, rate) { Units = units };
    }

    private static ReadOnlySpan<float> Lead(float[] output, int lead, int count = 1000) => output.AsSpan(lead * count, count);

    [TestMethod]
    public void DefaultsAreDocumented()
    {
        var o = new EcgPreprocessorOptions();
        Assert.AreEqual(100, o.SamplingRate);
        Assert.AreEqual(1000, o.SampleCount);
        CollectionAssert.AreEqual(StandardLeads.Twelve.ToArray(), o.Leads.ToArray());
        Assert.AreEqual(0.5, o.HighPassHz);
        Assert.AreEqual(40, o.LowPassHz);
        Assert.AreEqual(EcgPreprocessorNormalization.ZScore, o.Normalization);
        Assert.AreEqual(EcgPreprocessorCropMode.Center, o.Crop);
        Assert.AreEqual(12000, new EcgPreprocessor().OutputLength);
    }

    [TestMethod]
    public void SyntheticRecordBecomesNormalisedModelInput()
    {
        var record = new SyntheticEcgGenerator().Generate(3);
        var p = new EcgPreprocessor();
        var x = p.Process(record, out var stats);
        Assert.HasCount(p.OutputLength, x);
        Assert.AreEqual(1000, stats.ResampledLength);
        Assert.AreEqual(0, stats.RepairedSamples);
        for (int lead = 0; lead < 12; lead++)
        {
            var v = Lead(x, lead).ToArray();
            Assert.AreEqual(0, v.Average(), 1e-3);
            Assert.AreEqual(1, Math.Sqrt(v.Average(a => a * a)), 1e-3);
        }
    }

    [TestMethod]
    [DataRow(500.0)]
    [DataRow(360.0)]
    [DataRow(250.0)]
    [DataRow(1000.0)]
    [DataRow(257.0)]
    public void TenHertzSurvivesResamplingTo100Hz(double rate)
    {
        var x = new EcgPreprocessor(Raw).Process(Record(rate, 10, (_, t) => Math.Sin(2 * Math.PI * 10 * t)));
        var lead = Lead(x, 1).ToArray();
        double amplitude = Math.Sqrt(2 * lead.Skip(100).Take(800).Average(v => v * v));
        Assert.AreEqual(1, amplitude, 0.03);
    }

    [TestMethod]
    public void FortyFiveHertzIsRemovedByAntiAliasingEvenWithoutLowPass()
    {
        // Interior only: within the filter's half-length (0.18 s) of the ends the mirrored extension leaks a little.
        var x = new EcgPreprocessor(Raw).Process(Record(500, 10, (_, t) => Math.Sin(2 * Math.PI * 45 * t)));
        Assert.IsLessThan(0.01, Lead(x, 0)[50..950].ToArray().Max(Math.Abs));
        var aliased = new EcgPreprocessor(Raw).Process(Record(500, 10, (_, t) => Math.Sin(2 * Math.PI * 130 * t)));
        Assert.IsLessThan(0.01, Lead(aliased, 0)[50..950].ToArray().Max(Math.Abs)); // would fold to 30 Hz without the filter
    }

    [TestMethod]
    public void BaselineDriftIsRemovedByTheHighPass()
    {
        var options = Raw with { HighPassHz = 0.5 };
        var x = new EcgPreprocessor(options).Process(Record(500, 10,
            (_, t) => 2 + Math.Sin(2 * Math.PI * 0.1 * t) + 0.5 * Math.Sin(2 * Math.PI * 10 * t)));
        var lead = Lead(x, 0);
        for (int s = 100; s < 900; s++)
            Assert.AreEqual(0.5 * Math.Sin(2 * Math.PI * 10 * s / 100.0), lead[s], 0.03, $"sample {s}");
    }

    [TestMethod]
    public void NonFiniteSamplesAreInterpolatedAndCounted()
    {
        var record = Record(100, 10, (l, t) => l + t);
        record.Signal[0 * 1000 + 10] = float.NaN;
        record.Signal[0 * 1000 + 11] = float.NaN;
        record.Signal[5 * 1000 + 500] = float.PositiveInfinity;
        record.Signal[7 * 1000 + 0] = float.NegativeInfinity;
        var x = new EcgPreprocessor(Raw).Process(record, out var stats);
        Assert.AreEqual(4, stats.RepairedSamples);
        Assert.AreEqual(0.10, x[10], 1e-5);
        Assert.AreEqual(0.11, x[11], 1e-5);
        Assert.AreEqual(5 + 5.0, x[5 * 1000 + 500], 1e-4);
        Assert.AreEqual(7 + 0.01, x[7 * 1000], 1e-4); // a leading gap takes the first finite value
        Assert.IsTrue(x.All(float.IsFinite));
    }

    [TestMethod]
    public void AllNaNLeadBecomesZerosAndIsReported()
    {
        var record = Record(500, 10, (l, t) => l == 4 ? double.NaN : Math.Sin(2 * Math.PI * 3 * t) * (l + 1));
        var x = new EcgPreprocessor().Process(record, out var stats);
        CollectionAssert.AreEqual(new[] { "aVL" }, stats.EmptyLeads.ToArray());
        Assert.AreEqual(5000, stats.RepairedSamples);
        Assert.IsTrue(Lead(x, 4).ToArray().All(v => v == 0));
        Assert.IsTrue(Lead(x, 5).ToArray().Any(v => v != 0));
        Assert.IsTrue(x.All(float.IsFinite));
    }

    [TestMethod]
    public void LeadsAreReorderedByNameAndMissingOnesZeroFilled()
    {
        string[] names = { "V6", "AVR", "I", "C1", "ii" };
        int[] target = { 11, 3, 0, 6, 1 };
        var record = Record(100, 10, (l, t) => 10 * (target[l] + 1) + t, names);
        var x = new EcgPreprocessor(Raw).Process(record, out var stats);
        for (int l = 0; l < names.Length; l++) Assert.AreEqual(10 * (target[l] + 1) + 0.5, Lead(x, target[l])[50], 1e-4, names[l]);
        CollectionAssert.AreEqual(new[] { "III", "aVL", "aVF", "V2", "V3", "V4", "V5" }, stats.MissingLeads.ToArray());
        foreach (var missing in new[] { 2, 4, 5, 7, 8, 9, 10 }) Assert.IsTrue(Lead(x, missing).ToArray().All(v => v == 0));
    }

    [TestMethod]
    public void UnknownLeadsFailUnlessIgnored()
    {
        var record = Record(100, 10, (l, t) => t, new[] { "I", "vx" });
        var e = Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor().Process(record));
        StringAssert.Contains(e.Message, "vx");
        new EcgPreprocessor(new EcgPreprocessorOptions { IgnoreUnknownLeads = true }).Process(record, out var stats);
        CollectionAssert.AreEqual(new[] { "vx" }, stats.IgnoredLeads.ToArray());
    }

    [TestMethod]
    public void CustomLeadSubsetSetsTheOutputLength()
    {
        var p = new EcgPreprocessor(Raw with { Leads = new[] { "II", "V1" }, SampleCount = 250 });
        Assert.AreEqual(500, p.OutputLength);
        var x = p.Process(Record(100, 10, (l, t) => l, StandardLeads.Twelve));
        Assert.AreEqual(1, x[0]);
        Assert.AreEqual(6, x[250]);
    }

    [TestMethod]
    public void LongRecordsAreCroppedAndShortOnesZeroPadded()
    {
        var ramp = Record(100, 20, (_, t) => t);
        var centre = new EcgPreprocessor(Raw).Process(ramp, out var stats);
        Assert.AreEqual(5.0, centre[0], 1e-4);
        Assert.AreEqual(1000, stats.CroppedSamples);
        var start = new EcgPreprocessor(Raw with { Crop = EcgPreprocessorCropMode.Start }).Process(ramp);
        Assert.AreEqual(0.0, start[0], 1e-4);

        var shortRecord = Record(500, 4, (_, t) => 1 + t);
        var padded = new EcgPreprocessor(Raw).Process(shortRecord, out stats);
        Assert.AreEqual(600, stats.PaddedSamples);
        Assert.AreEqual(400, stats.ResampledLength);
        Assert.AreEqual(1 + 3.99, padded[399], 0.02);
        Assert.IsTrue(Lead(padded, 0)[400..].ToArray().All(v => v == 0));
    }

    [TestMethod]
    public void NormalisationModes()
    {
        var record = Record(100, 10, (l, t) => l == 2 ? 0 : l == 3 ? 7 : (l + 1) * Math.Sin(2 * Math.PI * 2 * t) + 3);
        var z = new EcgPreprocessor(Raw with { Normalization = EcgPreprocessorNormalization.ZScore }).Process(record, out var stats);
        CollectionAssert.AreEquivalent(new[] { "III", "aVR" }, stats.FlatLeads.ToArray());
        Assert.IsTrue(Lead(z, 2).ToArray().Concat(Lead(z, 3).ToArray()).All(v => v == 0));
        Assert.AreEqual(1, Math.Sqrt(Lead(z, 0).ToArray().Average(v => v * v)), 1e-3);
        var minMax = new EcgPreprocessor(Raw with { Normalization = EcgPreprocessorNormalization.MinMax }).Process(record);
        Assert.AreEqual(1, Lead(minMax, 1).ToArray().Max(), 1e-5);
        Assert.AreEqual(-1, Lead(minMax, 1).ToArray().Min(), 1e-5);
    }

    [TestMethod]
    public void MicrovoltRecordsAreConvertedToMillivolts()
    {
        var mv = new EcgPreprocessor(Raw).Process(Record(100, 10, (_, t) => Math.Sin(t)));
        var uv = new EcgPreprocessor(Raw).Process(Record(100, 10, (_, t) => 1000 * Math.Sin(t), units: "uV"));
        for (int i = 0; i < mv.Length; i += 97) Assert.AreEqual(mv[i], uv[i], 1e-4);
    }

    [TestMethod]
    public void OutputIsAlwaysFinite()
    {
        var rng = new Random(4);
        var p = new EcgPreprocessor();
        foreach (var rate in new[] { 100.0, 257.0, 500.0 })
        {
            foreach (var seconds in new[] { 0.01, 1.0, 12.0 })
            {
                var record = Record(rate, seconds, (l, t) => (l % 4) switch
                {
                    0 => double.NaN,
                    1 => rng.NextDouble() < 0.3 ? double.PositiveInfinity : 1e30 * rng.NextDouble(),
                    2 => 0,
                    _ => rng.NextDouble() < 0.5 ? double.NaN : rng.NextDouble(),
                });
                var x = p.Process(record);
                Assert.IsTrue(x.All(float.IsFinite), $"{rate} Hz, {seconds} s");
            }
        }
    }

    [TestMethod]
    public void OptionsRoundTripThroughJson()
    {
        var options = new EcgPreprocessorOptions
        {
            SamplingRate = 250,
            SampleCount = 2500,
            Leads = new[] { "I", "II", "V1" },
            HighPassHz = 0.67,
            LowPassHz = null,
            Normalization = EcgPreprocessorNormalization.MinMax,
            Crop = EcgPreprocessorCropMode.Start,
            IgnoreUnknownLeads = true,
        };
        string json = JsonSerializer.Serialize(options);
        StringAssert.Contains(json, "\"MinMax\"");
        var back = JsonSerializer.Deserialize<EcgPreprocessorOptions>(json);
        Assert.AreEqual(options, back);
        Assert.AreEqual(options.GetHashCode(), back!.GetHashCode());
        Assert.AreNotEqual(options, back with { Leads = new[] { "I", "V1", "II" } });
        Assert.AreEqual(new EcgPreprocessorOptions(), JsonSerializer.Deserialize<EcgPreprocessorOptions>("{}"));
    }

    [TestMethod]
    public void InvalidOptionsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor(new EcgPreprocessorOptions { SamplingRate = 0 }));
        Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor(new EcgPreprocessorOptions { SampleCount = 0 }));
        Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor(new EcgPreprocessorOptions { Leads = Array.Empty<string>() }));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor(new EcgPreprocessorOptions { HighPassHz = 60 }));
        StringAssert.Contains(e.Message, "HighPassHz");
        Assert.ThrowsExactly<ArgumentException>(() => new EcgPreprocessor(new EcgPreprocessorOptions { HighPassHz = 5, LowPassHz = 2 }));
    }

    [TestMethod]
    [DataRow(250.0)]
    [DataRow(360.0)]
    [DataRow(1000.0)]
    public void SameEcgAtAnotherSourceRateGivesTheSameInput(double rate)
    {
        var p = new EcgPreprocessor();
        for (int index = 0; index < 5; index++)
        {
            var reference = p.Process(new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = 0 }).Generate(index));
            var other = p.Process(new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = 0, SamplingRate = rate }).Generate(index));
            for (int lead = 0; lead < 12; lead++)
            {
                var a = Lead(reference, lead)[50..950].ToArray();
                var b = Lead(other, lead)[50..950].ToArray();
                double correlation = a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(y => (double)y * y));
                Assert.IsGreaterThan(0.97, correlation, $"record {index}, lead {lead}");
            }
        }
    }

    [TestMethod]
    public void ManyRecordsAreProcessedConsistentlyInParallel()
    {
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { DurationSeconds = 10 });
        var records = generator.Generate(0, 64).ToList();
        var p = new EcgPreprocessor();
        var sequential = records.Select(r => p.Process(r)).ToList();
        var parallel = records.AsParallel().AsOrdered().Select(r => p.Process(r)).ToList();
        for (int i = 0; i < records.Count; i++) CollectionAssert.AreEqual(sequential[i], parallel[i]);
    }
}
