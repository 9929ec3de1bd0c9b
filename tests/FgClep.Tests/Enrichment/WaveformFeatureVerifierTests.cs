using FgClep.Enrichment;
using FgClep.Enrichment.Verification;
using FgClep.Inference;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Enrichment;

// Builds a tiny model with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class WaveformFeatureVerifierTests
{
    /// <summary>
    /// A scorer the test controls: a signal's "embedding" is its registration index, a text's its index too, and
    /// P comes from a function of (signal, text). Counts what it is asked to embed.
    /// </summary>
    internal sealed class TableScorer : WaveformFeatureVerifierScorer
    {
        private readonly Func<float[], string, float> _probability;
        private readonly List<float[]> _signals = new();

        public TableScorer(int signalLength, Func<float[], string, float> probability)
        {
            SignalLength = signalLength;
            _probability = probability;
        }

        public override int SignalLength { get; }
        public List<string> EmbeddedTexts { get; } = new();
        public int TextCalls { get; private set; }
        public int SignalCalls { get; private set; }
        public int SignalsEmbedded => _signals.Count;

        public override float[][] EmbedSignals(IReadOnlyList<float[]> signals)
        {
            SignalCalls++;
            return signals.Select(s => { _signals.Add(s); return new float[] { _signals.Count - 1 }; }).ToArray();
        }

        public override float[][] EmbedTexts(IReadOnlyList<string> texts)
        {
            TextCalls++;
            return texts.Select(t => { EmbeddedTexts.Add(t); return new float[] { EmbeddedTexts.Count - 1 }; }).ToArray();
        }

        public override float[] Probabilities(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings) =>
            textEmbeddings.Select(t => _probability(_signals[(int)signalEmbedding[0]], EmbeddedTexts[(int)t[0]])).ToArray();
    }

    /// <summary>Counts what a real model is asked to embed.</summary>
    private sealed class CountingScorer(WaveformFeatureVerifierScorer inner) : WaveformFeatureVerifierScorer
    {
        public List<string> EmbeddedTexts { get; } = new();
        public int TextCalls { get; private set; }
        public int SignalCalls { get; private set; }
        public int SignalsEmbedded { get; private set; }
        public override int SignalLength => inner.SignalLength;

        public override float[][] EmbedSignals(IReadOnlyList<float[]> signals)
        {
            SignalCalls++;
            SignalsEmbedded += signals.Count;
            return inner.EmbedSignals(signals);
        }

        public override float[][] EmbedTexts(IReadOnlyList<string> texts)
        {
            TextCalls++;
            EmbeddedTexts.AddRange(texts);
            return inner.EmbedTexts(texts);
        }

        public override float[] Probabilities(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings) =>
            inner.Probabilities(signalEmbedding, textEmbeddings);
    }

    private static ClepEncoder TinyModel()
    {
        return TinyClep.EmbeddingModel();
    }

    private static List<float[]> Signals(int count)
    {
        var data = TinyClep.Data(count, seed: 3);
        return Enumerable.Range(0, count).Select(i => data.Signal(i).ToArray()).ToList();
    }

    private static readonly string[][] CandidateLists =
    {
        new[] { "wide QRS complex", "absent P waves", "left axis deviation" },
        new[] { "absent P waves", "  wide QRS complex ", "WIDE qrs complex", "" },
        Array.Empty<string>(),
        new[] { "fibrillatory waves", "absent P waves" },
        new[] { "left axis deviation", "normal T waves", "wide QRS complex" },
    };

    [TestMethod]
    public void EmbedsEachDistinctFeatureOnceAndNoTextPerRecord()
    {
        using var model = TinyModel();
        var scorer = new CountingScorer(WaveformFeatureVerifierScorer.FromModel(model));
        var verifier = new WaveformFeatureVerifier(scorer, null);
        var results = verifier.Verify(Signals(CandidateLists.Length), CandidateLists);

        var distinct = new[] { "wide QRS complex", "absent P waves", "left axis deviation", "fibrillatory waves", "normal T waves" };
        CollectionAssert.AreEquivalent(distinct, scorer.EmbeddedTexts, "each distinct trimmed feature embedded exactly once");
        Assert.AreEqual(1, scorer.TextCalls);
        Assert.AreEqual(1, scorer.SignalCalls, "signals are embedded in one batched call");
        Assert.AreEqual(4, scorer.SignalsEmbedded, "the record without candidates is not embedded");
        Assert.AreEqual(distinct.Length, verifier.EmbeddedFeatureCount);
        CollectionAssert.AreEqual(new[] { "absent P waves", "wide QRS complex" }, results[1].Candidates.ToList(), "trimmed, case-insensitive repeats and empties dropped");
        Assert.AreSame(WaveformEnrichmentResult.Empty, results[2]);

        // A second call embeds only texts it has not seen.
        verifier.Verify(Signals(2), new[] { new[] { "wide QRS complex", "prolonged QT interval" }, new[] { "normal T waves" } });
        Assert.AreEqual("prolonged QT interval", scorer.EmbeddedTexts[^1]);
        Assert.HasCount(distinct.Length + 1, scorer.EmbeddedTexts);
    }

    [TestMethod]
    public void ProbabilitiesAreTheModelsAndTheThresholdIsStrict()
    {
        using var model = TinyModel();
        var signals = Signals(CandidateLists.Length);
        var all = new WaveformFeatureVerifier(model, new WaveformVerifierOptions { Threshold = 0 }).Verify(signals, CandidateLists);

        // The same P computed one pair at a time, straight from the model.
        for (int i = 0; i < signals.Count; i++)
        {
            var e = model.EmbedSignals(new[] { signals[i] })[0];
            for (int j = 0; j < all[i].Candidates.Count; j++)
            {
                var expected = model.Probabilities(e, model.EmbedTexts(new[] { all[i].Candidates[j] }))[0];
                Assert.AreEqual(expected, all[i].Probabilities[j], 1e-5 + 1e-3 * expected, $"record {i}, '{all[i].Candidates[j]}'");
            }
        }

        // Threshold at an observed probability: that candidate itself is not kept (P must be above it).
        var ps = all.SelectMany(r => r.Probabilities).Order().ToList();
        float cut = ps[ps.Count / 2];
        var kept = new WaveformFeatureVerifier(model, new WaveformVerifierOptions { Threshold = cut }).Verify(signals, CandidateLists);
        for (int i = 0; i < signals.Count; i++)
        {
            var expected = all[i].Candidates.Where((_, j) => all[i].Probabilities[j] > cut).ToList();
            CollectionAssert.AreEqual(expected, kept[i].Verified.ToList(), $"record {i}");
            CollectionAssert.AreEqual(all[i].Probabilities.Where(p => p > cut).ToList(), kept[i].VerifiedProbabilities.ToList());
        }
        Assert.AreEqual(ps.Count(p => p > cut), kept.Sum(r => r.Verified.Count));
        Assert.IsGreaterThan(0, kept.Sum(r => r.Verified.Count));
        Assert.IsLessThan(ps.Count, kept.Sum(r => r.Verified.Count));
    }

    private static readonly Dictionary<string, float> FixedP = new()
    {
        ["a"] = 0.9f, ["b"] = 0.3f, ["c"] = 0.7f, ["d"] = 0.95f, ["e"] = 0.6f, ["f"] = float.NaN,
    };

    private static WaveformFeatureVerifier FixedVerifier(WaveformVerifierOptions options) =>
        new(new TableScorer(2, (_, text) => FixedP[text]), options);

    [TestMethod]
    public void TopKKeepsTheMostProbableAboveTheThresholdInProposalOrder()
    {
        var candidates = new[] { "a", "b", "c", "d", "e", "f" };
        var signal = new float[2];
        var all = FixedVerifier(new WaveformVerifierOptions()).Verify(signal, candidates);
        CollectionAssert.AreEqual(new[] { "a", "c", "d", "e" }, all.Verified.ToList(), "P > 0.5, NaN never kept");

        var top2 = FixedVerifier(new WaveformVerifierOptions { TopK = 2 }).Verify(signal, candidates);
        CollectionAssert.AreEqual(new[] { "a", "d" }, top2.Verified.ToList(), "the two most probable, in proposal order");
        CollectionAssert.AreEqual(new[] { 0.9f, 0.95f }, top2.VerifiedProbabilities.ToList());

        var topOfFew = FixedVerifier(new WaveformVerifierOptions { TopK = 3, Threshold = 0.8 }).Verify(signal, candidates);
        CollectionAssert.AreEqual(new[] { "a", "d" }, topOfFew.Verified.ToList(), "TopK never admits features below the threshold");
    }

    [TestMethod]
    public void OptionsAndInputsAreChecked()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FixedVerifier(new WaveformVerifierOptions { Threshold = 1.5 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FixedVerifier(new WaveformVerifierOptions { Threshold = double.NaN }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FixedVerifier(new WaveformVerifierOptions { TopK = 0 }));
        var verifier = FixedVerifier(new WaveformVerifierOptions());
        var ex = Assert.ThrowsExactly<ArgumentException>(() => verifier.Verify(new float[5], new[] { "a" }));
        StringAssert.Contains(ex.Message, "Signal 0 has 5 values");
        StringAssert.Contains(ex.Message, "2 (leads × samples)");
        ex = Assert.ThrowsExactly<ArgumentException>(() => verifier.Verify(new[] { new float[2] }, Array.Empty<IReadOnlyList<string>>()));
        StringAssert.Contains(ex.Message, "0 lists for 1 signals");
        // A wrong-length signal without candidates is never looked at.
        Assert.AreSame(WaveformEnrichmentResult.Empty, verifier.Verify(new float[7], Array.Empty<string>()));
    }

    [TestMethod]
    public void ThresholdSweepMaximisesF1OrPrecisionAtRecall()
    {
        var pool = new List<(float, bool)> { (0.9f, true), (0.8f, false), (0.7f, true), (0.2f, false) };
        // F1 after each cut with 3 true features: 0.5, 0.4, 0.667, 0.571 → keep down to 0.7, cut midway to 0.2.
        Assert.AreEqual(0.45, WaveformFeatureVerifier.ChooseThreshold(pool, 3, null), 1e-6);
        Assert.AreEqual(0.85, WaveformFeatureVerifier.ChooseThreshold(pool, 3, 0.3), 1e-6, "precision 1 at recall 1/3");
        Assert.AreEqual(0.45, WaveformFeatureVerifier.ChooseThreshold(pool, 3, 0.6), 1e-6, "precision 2/3 at recall 2/3");
        Assert.AreEqual(0.45, WaveformFeatureVerifier.ChooseThreshold(pool, 3, 0.9), 1e-6, "unreachable recall: the highest-recall cut");
        Assert.AreEqual(0.9, WaveformFeatureVerifier.ChooseThreshold(new List<(float, bool)> { (0.9f, false), (0.4f, false) }, 2, null), 1e-6,
            "nothing correct: keep nothing");
    }

    [TestMethod]
    public void ThresholdFromValidationSeparatesTrueFromFalseFeatures()
    {
        // Signal value 0 = record id. True features score 0.6–0.8 and false ones 0.1–0.4 (all below the default 0.5 would be wrong).
        var truth = new[] { new[] { "a", "b" }, new[] { "c" }, new[] { "a", "d" }, Array.Empty<string>() };
        var candidates = new[] { new[] { "a", "b", "c" }, new[] { "c", "d" }, new[] { "a", "b", "d", "e" }, new[] { "e" } };
        float P(float[] s, string t)
        {
            int r = (int)s[0];
            return truth[r].Contains(t) ? 0.6f + 0.05f * (r + t[0] - 'a') / 4 : 0.1f + 0.05f * (r + t[0] - 'a');
        }
        var signals = Enumerable.Range(0, 4).Select(i => new float[] { i, 0 }).ToList();
        var verifier = new WaveformFeatureVerifier(new TableScorer(2, P), null);
        var (threshold, quality) = verifier.ThresholdFromValidation(signals, candidates, truth);
        var trueMin = Enumerable.Range(0, 4).SelectMany(r => truth[r].Select(t => P(signals[r], t))).Min();
        var falseMax = Enumerable.Range(0, 4).SelectMany(r => candidates[r].Except(truth[r]).Select(t => P(signals[r], t))).Max();
        Assert.IsGreaterThan((double)falseMax, threshold);
        Assert.IsLessThan((double)trueMin, threshold);
        Assert.AreEqual(1.0, quality.PrecisionVerified);
        Assert.AreEqual(1.0, quality.RecallVerified);
        Assert.AreEqual(5 / 10.0, quality.PrecisionProposed);
        Assert.AreEqual(10 / 4.0, quality.CandidatesPerRecord);

        var chosen = new WaveformFeatureVerifier(new TableScorer(2, P), new WaveformVerifierOptions { Threshold = threshold }).Verify(signals, candidates);
        for (int r = 0; r < 4; r++) CollectionAssert.AreEquivalent(truth[r], chosen[r].Verified.ToList(), $"record {r}");

        Assert.ThrowsExactly<ArgumentException>(() => verifier.ThresholdFromValidation(signals, new[] { Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>() }, truth));
    }

    [TestMethod]
    public void QualityIsMicroAveragedAndCaseInsensitive()
    {
        var proposed = new[] { new[] { "Wide QRS complex", "absent P waves", "left axis deviation" }, new[] { "a", "b" }, Array.Empty<string>() };
        var verified = new[] { new[] { "wide qrs complex", "left axis deviation" }, new[] { "b" }, Array.Empty<string>() };
        var truth = new[] { new[] { "wide QRS complex ", "QS complex in V1" }, new[] { "a" }, new[] { "c" } };
        var q = EnrichmentQuality.Measure(proposed, verified, truth);
        Assert.AreEqual(3, q.Records);
        Assert.AreEqual(2 / 5.0, q.PrecisionProposed, 1e-12);
        Assert.AreEqual(2 / 4.0, q.RecallProposed, 1e-12);
        Assert.AreEqual(1 / 3.0, q.PrecisionVerified, 1e-12);
        Assert.AreEqual(1 / 4.0, q.RecallVerified, 1e-12);
        Assert.AreEqual(5 / 3.0, q.CandidatesPerRecord, 1e-12);
        Assert.AreEqual(1.0, q.VerifiedPerRecord, 1e-12);
        Assert.AreEqual(2 * (1 / 3.0) * 0.25 / (1 / 3.0 + 0.25), q.F1Verified, 1e-12);

        var none = EnrichmentQuality.Measure(new[] { Array.Empty<string>() }, new[] { Array.Empty<string>() }, new[] { new[] { "a" } });
        Assert.IsTrue(double.IsNaN(none.PrecisionProposed) && double.IsNaN(none.PrecisionVerified));
        Assert.AreEqual(0.0, none.RecallVerified);
        Assert.ThrowsExactly<ArgumentException>(() => EnrichmentQuality.Measure(proposed, verified, truth.Take(2).ToArray()));
    }

    [TestMethod]
    public void FineGrainedReportAppendsTheFeatures()
    {
        Assert.AreEqual("Sinus rhythm. Left bundle branch block. Waveform features: wide QRS complex, QS complex in V1.",
            FineGrainedReport.Compose("Sinus rhythm. Left bundle branch block. ", new[] { "wide QRS complex", " QS complex in V1." }));
        Assert.AreEqual("Atrial fibrillation. Waveform features: absent P waves.", FineGrainedReport.Compose("Atrial fibrillation", new[] { "absent P waves" }));
        Assert.AreEqual("AF! Waveform features: ST elevation in V1, V2; absent P waves.",
            FineGrainedReport.Compose("AF!", new[] { "ST elevation in V1, V2", "absent P waves;" }));
        Assert.AreEqual("Waveform features: absent P waves.", FineGrainedReport.Compose("  ", new[] { "absent P waves" }));
        const string report = "Sinus rhythm.  ";
        Assert.AreSame(report, FineGrainedReport.Compose(report, new[] { " ", "" }), "without features the report is unchanged");
        Assert.AreSame(report, FineGrainedReport.Compose(report, null));
    }
}
