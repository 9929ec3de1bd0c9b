using FgClep.Enrichment.Verification;
using TableScorer = FgClep.Tests.Enrichment.WaveformFeatureVerifierTests.TableScorer;

namespace FgClep.Tests.Enrichment;

[TestClass]
public sealed class WaveformFeatureCalibrationTests
{
    private const string Wide = "wide QRS complex";
    private const string Normal = "normal QRS duration";
    private const string Rare = "premature wide QRS complexes";
    private const string Spread = "inverted T waves";

    private static readonly Dictionary<string, IReadOnlyList<string>> Counterparts = new() { [Normal] = new[] { Wide, Rare } };

    private static float Sigmoid(double z) => (float)(1 / (1 + Math.Exp(-z)));

    /// <summary>
    /// signal[0] = 1 for an ECG with a wide QRS, 0 otherwise; signal[1] is noise from −1 to 1. The model sees the wide QRS
    /// (logit −6 → −3) but its "normal QRS duration" logit is −5 everywhere, as for a frequent phrase; "inverted T waves"
    /// follows signal[1] alone.
    /// </summary>
    private static TableScorer Scorer() => new(2, (signal, text) => text switch
    {
        Wide => Sigmoid(-6 + 3 * signal[0] + 0.5 * signal[1]),
        Spread => Sigmoid(-4 + 2 * signal[1]),
        _ => Sigmoid(-5),
    });

    /// <summary>
    /// 200 records, a quarter with a wide QRS. Reports of those propose "wide QRS complex", the others "normal QRS
    /// duration"; "inverted T waves" is proposed where signal[1] &gt; 0.3; "premature wide QRS complexes" for 3 records only.
    /// </summary>
    private static (List<float[]> Signals, List<IReadOnlyList<string>> Candidates) Records()
    {
        var random = new Random(5);
        var signals = new List<float[]>();
        var candidates = new List<IReadOnlyList<string>>();
        for (int i = 0; i < 200; i++)
        {
            bool wide = i % 4 == 0;
            float noise = (float)(random.NextDouble() * 2 - 1);
            signals.Add(new[] { wide ? 1f : 0f, noise });
            var list = new List<string> { wide ? Wide : Normal };
            if (noise > 0.3) list.Add(Spread);
            if (i is 1 or 2 or 3) list.Add(Rare);
            candidates.Add(list);
        }
        return (signals, candidates);
    }

    [TestMethod]
    public void PlattScalingRecoversTheSlopeAndInterceptOfLogisticData()
    {
        var random = new Random(11);
        var x = new double[20_000];
        var y = new bool[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() * 8 - 4;
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * x[i] - 0.5)));
        }
        var fit = PlattScaling.Fit(x, y);
        Assert.IsNotNull(fit);
        Assert.AreEqual(1.5, fit.Value.Slope, 0.1);
        Assert.AreEqual(-0.5, fit.Value.Intercept, 0.1);
    }

    [TestMethod]
    public void PlattScalingGivesNothingForOneClassOrNonFiniteValuesAndStaysFiniteOnSeparableData()
    {
        Assert.IsNull(PlattScaling.Fit(new[] { 1.0, 2.0 }, new[] { true, true }));
        Assert.IsNull(PlattScaling.Fit(new[] { 1.0, double.NaN }, new[] { true, false }));
        var separable = PlattScaling.Fit(new[] { -2.0, -1.0, 1.0, 2.0 }, new[] { false, false, true, true });
        Assert.IsNotNull(separable);
        Assert.IsTrue(double.IsFinite(separable.Value.Slope) && separable.Value.Slope > 0, $"slope {separable.Value.Slope}");
        Assert.ThrowsExactly<ArgumentException>(() => PlattScaling.Fit(new[] { 1.0 }, new[] { true, false }));
    }

    [TestMethod]
    public void NormalFindingIsScoredThroughItsCounterpartAndComparesWithAbnormalOnes()
    {
        var (signals, candidates) = Records();
        var scorer = Scorer();
        var calibration = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, Counterparts);

        Assert.AreEqual(200, calibration.Records);
        CollectionAssert.AreEqual(new[] { Spread, Normal, Wide }, calibration.CalibratedFeatures.ToArray());
        Assert.IsTrue(calibration.TryGetScaling(Wide, out double slope, out _) && slope > 0, $"slope {slope}");
        Assert.IsFalse(calibration.TryGetScaling(Rare, out _, out _), "3 proposals are below the minimum of 5");

        var probe = new List<float[]> { new[] { 0f, 0f }, new[] { 1f, 0f } };
        var both = new IReadOnlyList<string>[] { new[] { Normal, Wide }, new[] { Normal, Wide } };
        var raw = new WaveformFeatureVerifier(scorer, null).Verify(probe, both);
        var calibrated = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = calibration }).Verify(probe, both);

        // Uncalibrated, the normal finding sits at σ(−5) on both ECGs: tiny where it is present, and no different where it is not.
        Assert.AreEqual(raw[0].Probabilities[0], raw[1].Probabilities[0]);
        Assert.IsLessThan(0.01f, raw[0].Probabilities[0]);
        // Calibrated, the normal finding is likely on the narrow-QRS ECG and unlikely on the wide one, and the other way round.
        Assert.IsGreaterThan(0.8f, calibrated[0].Probabilities[0], $"normal on narrow: {calibrated[0].Probabilities[0]}");
        Assert.IsLessThan(0.2f, calibrated[1].Probabilities[0], $"normal on wide: {calibrated[1].Probabilities[0]}");
        Assert.IsLessThan(0.2f, calibrated[0].Probabilities[1], $"wide on narrow: {calibrated[0].Probabilities[1]}");
        Assert.IsGreaterThan(0.8f, calibrated[1].Probabilities[1], $"wide on wide: {calibrated[1].Probabilities[1]}");
        // P(normal) = 1 − P(wide): the rare counterpart has no calibration, so it takes no part.
        Assert.AreEqual(1 - calibrated[0].Probabilities[1], calibrated[0].Probabilities[0], 1e-5);
    }

    [TestMethod]
    public void FeatureWithoutCalibrationKeepsTheModelsProbabilityAndCounterpartsCanBeSwitchedOff()
    {
        var (signals, candidates) = Records();
        var scorer = Scorer();
        var withoutCounterparts = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, new Dictionary<string, IReadOnlyList<string>>());
        var probe = new List<float[]> { new[] { 0f, 0.5f } };
        var lists = new IReadOnlyList<string>[] { new[] { Rare, Normal, Spread } };
        var raw = new WaveformFeatureVerifier(scorer, null).Verify(probe, lists)[0];
        var calibrated = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = withoutCounterparts }).Verify(probe, lists)[0];

        Assert.AreEqual(raw.Probabilities[0], calibrated.Probabilities[0], "no scaling for a feature proposed 3 times");
        // "normal QRS duration" has its own scaling now: its logit is constant, so it gets the share of records it was proposed for.
        Assert.AreEqual(150 / 200.0, calibrated.Probabilities[1], 0.01);
        // "inverted T waves" was proposed where its logit is high: scaled up from σ(−3).
        Assert.IsGreaterThan(raw.Probabilities[2] + 0.2f, calibrated.Probabilities[2], $"{raw.Probabilities[2]} → {calibrated.Probabilities[2]}");
    }

    [TestMethod]
    public void ARecordWithoutFiniteLogitsIsLeftOutOfTheFitAndGetsNoProbability()
    {
        var (signals, candidates) = Records();
        var scorer = Scorer();
        var clean = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, Counterparts);
        signals.Add(new[] { float.NaN, 0f });
        candidates.Add(new[] { Wide });
        var withNaN = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, Counterparts);

        Assert.IsTrue(withNaN.TryGetScaling(Wide, out double slope, out double intercept));
        Assert.IsTrue(clean.TryGetScaling(Wide, out double cleanSlope, out double cleanIntercept));
        Assert.AreEqual(cleanSlope, slope, 1e-9);
        Assert.AreEqual(cleanIntercept, intercept, 1e-9);
        var verdict = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = withNaN, Threshold = 0 })
            .Verify(new[] { float.NaN, 0f }, new[] { Wide, Normal });
        Assert.IsTrue(verdict.Probabilities.All(float.IsNaN), string.Join(", ", verdict.Probabilities));
        Assert.IsEmpty(verdict.Verified);
    }

    [TestMethod]
    public void FittingWithoutCandidatesOrWithMismatchedListsFailsWithAMessage()
    {
        var verifier = new WaveformFeatureVerifier(Scorer(), null);
        var signals = new List<float[]> { new[] { 0f, 0f }, new[] { 1f, 0f } };
        var none = Assert.ThrowsExactly<ArgumentException>(() =>
            verifier.FitCalibration(signals, new IReadOnlyList<string>[] { Array.Empty<string>(), new[] { " " } }));
        StringAssert.Contains(none.Message, "No record has a candidate");
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => verifier.FitCalibration(signals, new IReadOnlyList<string>[] { new[] { Wide } }));
        StringAssert.Contains(mismatch.Message, "got 1 lists for 2 signals");
        var shortSignal = Assert.ThrowsExactly<ArgumentException>(() =>
            verifier.FitCalibration(new List<float[]> { new[] { 0f } }, new IReadOnlyList<string>[] { new[] { Wide } }));
        StringAssert.Contains(shortSignal.Message, "Signal 0 has 1 values");
    }
}
