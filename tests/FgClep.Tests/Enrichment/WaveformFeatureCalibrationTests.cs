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
    /// 200 records, a quarter with a wide QRS (i % 4 == 0). "wide QRS complex" is proposed for those and, wrongly, for the
    /// records with i % 4 == 1 (a diagnosis that usually has it); "normal QRS duration" for the rest. Only half the records
    /// with a wide QRS state it (i % 8 == 0); "normal QRS duration" is stated by every third narrow record;
    /// "premature wide QRS complexes" is proposed and stated for 3 records only; "inverted T waves" is proposed and stated
    /// where signal[1] &gt; 0.3.
    /// </summary>
    private static (List<float[]> Signals, List<IReadOnlyList<string>> Candidates, List<IReadOnlyList<string>> Statements) Records()
    {
        var random = new Random(5);
        var signals = new List<float[]>();
        var candidates = new List<IReadOnlyList<string>>();
        var statements = new List<IReadOnlyList<string>>();
        for (int i = 0; i < 200; i++)
        {
            bool wide = i % 4 == 0;
            float noise = (float)(random.NextDouble() * 2 - 1);
            signals.Add(new[] { wide ? 1f : 0f, noise });
            var proposed = new List<string> { wide || i % 4 == 1 ? Wide : Normal };
            var stated = new List<string>();
            if (i % 8 == 0) stated.Add(Wide);
            if (!wide && i % 3 == 0) stated.Add(Normal);
            if (noise > 0.3) { proposed.Add(Spread); stated.Add(Spread); }
            if (i is 1 or 2 or 3) { proposed.Add(Rare); stated.Add(Rare); }
            candidates.Add(proposed);
            statements.Add(stated);
        }
        return (signals, candidates, statements);
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
    public void FindingsStatedByHalfTheRecordsThatHaveThemGiveTheProbabilityThatAFeatureIsPresent()
    {
        var (signals, candidates, statements) = Records();
        var scorer = Scorer();
        var calibration = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, statements);

        Assert.AreEqual(200, calibration.Records);
        CollectionAssert.AreEqual(new[] { Spread, Normal, Wide }, calibration.CalibratedFeatures.ToArray());
        Assert.IsFalse(calibration.TryGetScaling(Rare, out _, out _, out _), "3 statements are below the minimum of 5");
        Assert.IsTrue(calibration.TryGetScaling(Wide, out double slope, out _, out double statedRate) && slope > 0, $"slope {slope}");
        // Half the ECGs with a wide QRS have it stated, and the model tells them from the others: the share is recovered.
        Assert.AreEqual(0.5, statedRate, 0.1);

        var probe = new List<float[]> { new[] { 0f, 0f }, new[] { 1f, 0f } };
        var lists = new IReadOnlyList<string>[] { new[] { Wide, Normal }, new[] { Wide, Normal } };
        var raw = new WaveformFeatureVerifier(scorer, null).Verify(probe, lists);
        var calibrated = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = calibration }).Verify(probe, lists);

        // Uncalibrated, "wide QRS complex" is unlikely even on the wide ECG (σ(−3)).
        Assert.IsLessThan(0.05f, raw[1].Probabilities[0]);
        // Calibrated, it is likely present on the wide ECG and not on the narrow one, where the proposer was wrong.
        Assert.IsGreaterThan(0.8f, calibrated[1].Probabilities[0], $"wide on wide: {calibrated[1].Probabilities[0]}");
        Assert.IsLessThan(0.1f, calibrated[0].Probabilities[0], $"wide on narrow: {calibrated[0].Probabilities[0]}");
        // The model cannot see "normal QRS duration" (its logit is constant), so nothing on the ECG argues against it.
        Assert.AreEqual(1f, calibrated[0].Probabilities[1], 1e-3);
        Assert.AreEqual(1f, calibrated[1].Probabilities[1], 1e-3);
    }

    [TestMethod]
    public void FeatureWithoutCalibrationKeepsTheModelsProbabilityAndProbabilitiesStayAtMostOne()
    {
        var (signals, candidates, statements) = Records();
        var scorer = Scorer();
        var calibration = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, statements);
        var probe = new List<float[]> { new[] { 0f, 0.5f }, new[] { 0f, 1f }, new[] { 0f, -1f } };
        var lists = Enumerable.Repeat<IReadOnlyList<string>>(new[] { Rare, Spread }, 3).ToArray();
        var raw = new WaveformFeatureVerifier(scorer, null).Verify(probe, lists);
        var calibrated = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = calibration }).Verify(probe, lists);

        for (int i = 0; i < probe.Count; i++)
            Assert.AreEqual(raw[i].Probabilities[0], calibrated[i].Probabilities[0], "no calibration for a feature stated 3 times");
        // "inverted T waves" is stated wherever it is proposed, on the ECGs with a high logit.
        Assert.IsGreaterThan(raw[1].Probabilities[1] + 0.2f, calibrated[1].Probabilities[1], $"{raw[1].Probabilities[1]} → {calibrated[1].Probabilities[1]}");
        Assert.IsLessThan(calibrated[1].Probabilities[1], calibrated[2].Probabilities[1]);
        Assert.IsTrue(calibrated.All(r => r.Probabilities.All(p => p is >= 0 and <= 1)), "probabilities within [0, 1]");
    }

    [TestMethod]
    public void ARecordWithoutFiniteLogitsIsLeftOutOfTheFitAndGetsNoProbability()
    {
        var (signals, candidates, statements) = Records();
        var scorer = Scorer();
        var clean = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, statements);
        signals.Add(new[] { float.NaN, 0f });
        candidates.Add(new[] { Wide });
        statements.Add(new[] { Wide });
        var withNaN = new WaveformFeatureVerifier(scorer, null).FitCalibration(signals, candidates, statements);

        Assert.IsTrue(withNaN.TryGetScaling(Wide, out double slope, out double intercept, out double rate));
        Assert.IsTrue(clean.TryGetScaling(Wide, out double cleanSlope, out double cleanIntercept, out double cleanRate));
        Assert.AreEqual(cleanSlope, slope, 1e-9);
        Assert.AreEqual(cleanIntercept, intercept, 1e-9);
        Assert.AreEqual(cleanRate, rate, 1e-9);
        var verdict = new WaveformFeatureVerifier(scorer, new WaveformVerifierOptions { Calibration = withNaN, Threshold = 0 })
            .Verify(new[] { float.NaN, float.NaN }, new[] { Wide, Spread });
        Assert.IsTrue(verdict.Probabilities.All(float.IsNaN), string.Join(", ", verdict.Probabilities));
        Assert.IsEmpty(verdict.Verified);
    }

    [TestMethod]
    public void FittingWithoutCandidatesOrWithMismatchedListsFailsWithAMessage()
    {
        var verifier = new WaveformFeatureVerifier(Scorer(), null);
        var signals = new List<float[]> { new[] { 0f, 0f }, new[] { 1f, 0f } };
        var two = new IReadOnlyList<string>[] { Array.Empty<string>(), Array.Empty<string>() };
        var none = Assert.ThrowsExactly<ArgumentException>(() =>
            verifier.FitCalibration(signals, new IReadOnlyList<string>[] { Array.Empty<string>(), new[] { " " } }, two));
        StringAssert.Contains(none.Message, "No record has a candidate");
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => verifier.FitCalibration(signals, new IReadOnlyList<string>[] { new[] { Wide } }, two));
        StringAssert.Contains(mismatch.Message, "got 1 lists for 2 signals");
        var statements = Assert.ThrowsExactly<ArgumentException>(() => verifier.FitCalibration(signals, two, new IReadOnlyList<string>[] { new[] { Wide } }));
        StringAssert.Contains(statements.Message, "Expected one list of stated features per signal; got 1 lists for 2 signals");
        var shortSignal = Assert.ThrowsExactly<ArgumentException>(() =>
            verifier.FitCalibration(new List<float[]> { new[] { 0f } }, new IReadOnlyList<string>[] { new[] { Wide } }, new IReadOnlyList<string>[] { Array.Empty<string>() }));
        StringAssert.Contains(shortSignal.Message, "Signal 0 has 1 values");
    }
}
