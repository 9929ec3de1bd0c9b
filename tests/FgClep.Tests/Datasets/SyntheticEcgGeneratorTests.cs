using System.Globalization;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using C = FgClep.Datasets.Synthetic.SyntheticEcgConditions;
using F = FgClep.Datasets.Synthetic.SyntheticWaveformFeatures;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class SyntheticEcgGeneratorTests
{
    private const int I = 0, II = 1, III = 2, AVR = 3, AVL = 4, AVF = 5, V1 = 6, V5 = 10;
    private static readonly SyntheticEcgGenerator NoiseFree = new(new SyntheticEcgOptions { Seed = 7, NoiseLevel = 0 });
    private static readonly Lazy<List<EcgRecord>> Clean = new(() => NoiseFree.Generate(0, 600).ToList());

    private static IEnumerable<EcgRecord> With(string condition) => Clean.Value.Where(r => r.Labels.Contains(condition));

    private static IEnumerable<EcgRecord> Only(string condition) => Clean.Value.Where(r => r.Labels.Count == 1 && r.Labels[0] == condition);

    [TestMethod]
    public void SameSeedAndIndexGiveIdenticalRecords_InAnyOrder()
    {
        var a = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 3 });
        var b = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 3 });
        var later = b.Generate(41);   // generated first, without records 0..40
        var early = b.Generate(5);
        foreach (var (x, y) in new[] { (a.Generate(41), later), (a.Generate(5), early) })
        {
            CollectionAssert.AreEqual(x.Signal, y.Signal);
            Assert.AreEqual(x.Report, y.Report);
            CollectionAssert.AreEqual(x.Labels.ToArray(), y.Labels.ToArray());
            CollectionAssert.AreEqual(x.WaveformFeatures.ToArray(), y.WaveformFeatures.ToArray());
            CollectionAssert.AreEquivalent(x.Metadata.ToArray(), y.Metadata.ToArray());
        }
        var batch = a.Generate(40, 3).ToList();
        CollectionAssert.AreEqual(later.Signal, batch[1].Signal);
    }

    [TestMethod]
    public void DifferentSeedsOrIndicesDiffer()
    {
        var a = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 1 }).Generate(0);
        var b = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 2 }).Generate(0);
        var c = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 1 }).Generate(1);
        CollectionAssert.AreNotEqual(a.Signal, b.Signal);
        CollectionAssert.AreNotEqual(a.Signal, c.Signal);
    }

    [TestMethod]
    public void RecordShapeAndMetadata()
    {
        var gen = new SyntheticEcgGenerator(new SyntheticEcgOptions { SamplingRate = 250, DurationSeconds = 8 });
        var r = gen.Generate(12);
        Assert.HasCount(12 * 2000, r.Signal);
        Assert.AreEqual(250, r.SamplingRate);
        CollectionAssert.AreEqual(StandardLeads.Twelve.ToArray(), r.LeadNames.ToArray());
        Assert.AreEqual("mV", r.Units);
        Assert.AreEqual("synthetic-12", r.RecordId);
        foreach (var key in new[] { SyntheticEcgGenerator.HeartRateKey, SyntheticEcgGenerator.QrsDurationKey, SyntheticEcgGenerator.QtIntervalKey, SyntheticEcgGenerator.QtcKey })
            Assert.IsTrue(double.TryParse(r.Metadata[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0, key);
        Assert.IsTrue(r.Signal.All(float.IsFinite));
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    public void LimbLeadsObeyEinthovenAndGoldberger(double noise)
    {
        var gen = new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = noise, Seed = 11 });
        for (int index = 0; index < 20; index++)
        {
            var r = gen.Generate(index);
            ReadOnlySpan<float> i = r.Lead(I), ii = r.Lead(II), iii = r.Lead(III), avr = r.Lead(AVR), avl = r.Lead(AVL), avf = r.Lead(AVF);
            for (int s = 0; s < r.SampleCount; s++)
            {
                Assert.AreEqual(ii[s] - i[s], iii[s], 1e-5);
                Assert.AreEqual(-(i[s] + ii[s]) / 2, avr[s], 1e-5);
                Assert.AreEqual(i[s] - ii[s] / 2, avl[s], 1e-5);
                Assert.AreEqual(ii[s] - i[s] / 2, avf[s], 1e-5);
            }
        }
    }

    [TestMethod]
    public void NoiseChangesTheSignalButNotTheHeart()
    {
        var quiet = new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = 0, Seed = 5 }).Generate(3);
        var noisy = new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = 1, Seed = 5 }).Generate(3);
        CollectionAssert.AreEqual(quiet.WaveformFeatures.ToArray(), noisy.WaveformFeatures.ToArray());
        Assert.AreEqual(quiet.Report, noisy.Report);
        double rms = Math.Sqrt(quiet.Signal.Zip(noisy.Signal, (a, b) => (double)(a - b) * (a - b)).Average());
        Assert.IsGreaterThan(0.005, rms);
        Assert.IsLessThan(0.5, rms);
    }

    [TestMethod]
    public void HeartRateFromDetectedRPeaksMatchesMetadata()
    {
        // Pure rhythms: the simple detector below is not made for ectopic beats of a different amplitude.
        var records = Only(C.NormalSinusRhythm).Take(20).Concat(Only(C.SinusBradycardia)).Concat(Only(C.SinusTachycardia)).ToList();
        Assert.IsGreaterThan(20, records.Count);
        foreach (var r in records)
        {
            var peaks = Beats.DetectQrs(r);
            double measured = 60 * (peaks.Count - 1) / ((peaks[^1] - peaks[0]) / r.SamplingRate);
            Assert.AreEqual(Metadata(r, SyntheticEcgGenerator.HeartRateKey), measured, 2.0, r.RecordId);
            Assert.IsLessThanOrEqualTo(1, Math.Abs(Metadata(r, SyntheticEcgGenerator.BeatCountKey) - peaks.Count), r.RecordId);
        }
    }

    [TestMethod]
    public void AtrialFibrillationIsFarMoreIrregularThanSinusRhythm()
    {
        static double Cv(EcgRecord r)
        {
            var rr = Beats.DetectQrs(r).Zip(Beats.DetectQrs(r).Skip(1), (a, b) => (double)(b - a)).ToList();
            double mean = rr.Average();
            return Math.Sqrt(rr.Sum(x => (x - mean) * (x - mean)) / rr.Count) / mean;
        }
        var af = Only(C.AtrialFibrillation).Select(Cv).ToList();
        var sinus = Only(C.NormalSinusRhythm).Take(30).Select(Cv).ToList();
        Assert.IsGreaterThan(10, af.Count);
        Assert.IsLessThan(0.06, sinus.Max());
        Assert.IsGreaterThan(sinus.Max(), af.Min());
        Assert.IsGreaterThan(0.12, af.Order().ElementAt(af.Count / 2));
        Assert.IsGreaterThan(3 * sinus.Average(), af.Average());
    }

    [TestMethod]
    public void BundleBranchBlocksHaveWideQrs_NormalsNarrow()
    {
        foreach (var r in With(C.RightBundleBranchBlock).Concat(With(C.LeftBundleBranchBlock)))
        {
            // The width heuristic needs QRS slopes well above the P and T waves', which low-voltage records lack.
            if (!r.Labels.Contains(C.LowQrsVoltage)) Assert.IsGreaterThanOrEqualTo(120, Beats.MedianQrsWidthMs(r), r.RecordId);
            Assert.IsGreaterThanOrEqualTo(120, Metadata(r, SyntheticEcgGenerator.QrsDurationKey));
            CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.WideQrs);
        }
        foreach (var r in Only(C.NormalSinusRhythm).Take(30))
            Assert.IsLessThan(115, Beats.MedianQrsWidthMs(r), r.RecordId);
    }

    [TestMethod]
    public void RightBundleBranchBlockShowsRsrPrimeInV1()
    {
        foreach (var r in Only(C.RightBundleBranchBlock))
        {
            int peak = Beats.DetectQrs(r)[1];
            int from = peak - (int)(0.06 * r.SamplingRate), to = peak + (int)(0.12 * r.SamplingRate);
            var v1 = r.Lead(V1)[from..to].ToArray();
            // r, then S below zero, then a later R' above zero.
            int firstUp = Array.FindIndex(v1, v => v > 0.05f);
            int s = Array.FindIndex(v1, Math.Max(firstUp, 0), v => v < -0.1f);
            int rPrime = s < 0 ? -1 : Array.FindIndex(v1, s, v => v > 0.15f);
            Assert.IsTrue(firstUp >= 0 && s > firstUp && rPrime > s, r.RecordId);
        }
    }

    [TestMethod]
    public void LeftVentricularHypertrophyMeetsSokolowLyon()
    {
        var lvh = With(C.LeftVentricularHypertrophy).ToList();
        Assert.IsGreaterThan(10, lvh.Count);
        foreach (var r in lvh) Assert.IsGreaterThan(3.5, Sokolow(r), r.RecordId);
        foreach (var r in Only(C.NormalSinusRhythm).Take(30)) Assert.IsLessThan(3.5, Sokolow(r), r.RecordId);

        static double Sokolow(EcgRecord r) => -r.Lead(V1).ToArray().Min() + Math.Max(r.Lead(V5).ToArray().Max(), r.Lead(V5 + 1).ToArray().Max());
    }

    [TestMethod]
    public void LowVoltageLimbLeadsStayBelowHalfAMillivolt()
    {
        var low = With(C.LowQrsVoltage).ToList();
        Assert.IsGreaterThan(10, low.Count);
        foreach (var r in low)
            for (int lead = 0; lead < 6; lead++) Assert.IsLessThan(0.5, Beats.QrsPeakToPeak(r, lead), $"{r.RecordId} lead {lead}");
        foreach (var r in Only(C.NormalSinusRhythm).Take(30))
            Assert.IsGreaterThan(0.5, Enumerable.Range(0, 6).Max(l => Beats.QrsPeakToPeak(r, l)), r.RecordId);
    }

    [TestMethod]
    public void IntervalsOfConductionAndRepolarisationConditions()
    {
        foreach (var r in With(C.FirstDegreeAvBlock))
        {
            Assert.IsGreaterThan(200, Metadata(r, SyntheticEcgGenerator.PrIntervalKey));
            CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.ProlongedPr);
        }
        foreach (var r in With(C.LongQt))
        {
            Assert.IsGreaterThan(460, Metadata(r, SyntheticEcgGenerator.QtcKey));
            CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.ProlongedQt);
        }
        foreach (var r in With(C.AtrialFibrillation))
        {
            Assert.IsFalse(r.Metadata.ContainsKey(SyntheticEcgGenerator.PrIntervalKey));
            CollectionAssert.IsSubsetOf(new[] { F.AbsentPWaves, F.IrregularRr }, r.WaveformFeatures.ToArray());
        }
        foreach (var r in With(C.PrematureVentricularComplexes))
        {
            Assert.IsGreaterThan(0, Metadata(r, SyntheticEcgGenerator.EctopicBeatCountKey));
            CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.PrematureWideBeats);
        }
        foreach (var r in Only(C.SinusBradycardia)) CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.SlowRate);
        foreach (var r in Only(C.SinusTachycardia)) CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.FastRate);
        foreach (var r in Only(C.NormalSinusRhythm))
            CollectionAssert.IsSubsetOf(new[] { F.RegularRr, F.NormalPr, F.NormalQrsDuration, F.NormalAxis, F.NormalSt, F.NormalT, F.NormalQt }, r.WaveformFeatures.ToArray());
    }

    [TestMethod]
    public void FeaturesVaryWithinAConditionAndNeverContradictTheDiagnosis()
    {
        void Varies(string condition, string feature)
        {
            var records = With(condition).ToList();
            Assert.IsTrue(records.Any(r => r.WaveformFeatures.Contains(feature)), $"{condition}: never {feature}");
            Assert.IsTrue(records.Any(r => !r.WaveformFeatures.Contains(feature)), $"{condition}: always {feature}");
        }
        Varies(C.LeftVentricularHypertrophy, F.LateralTInversion);
        Varies(C.AnteriorMyocardialInfarction, F.AnteriorStElevation);
        Varies(C.AnteriorMyocardialInfarction, F.AnteriorQ);
        Varies(C.InferiorMyocardialInfarction, F.InferiorQ);
        Varies(C.AtrialFibrillation, F.FastRate);
        Varies(C.AtrialFibrillation, F.FibrillatoryWaves);
        Varies(C.RightBundleBranchBlock, F.RightAxis);
        Varies(C.LeftBundleBranchBlock, F.LeftAxis);
        Varies(C.LowQrsVoltage, F.LowPrecordialVoltage);

        foreach (var r in With(C.AnteriorMyocardialInfarction))
            Assert.IsTrue(r.WaveformFeatures.Contains(F.AnteriorQ) || r.WaveformFeatures.Contains(F.AnteriorStElevation), r.RecordId);
        foreach (var r in With(C.InferiorMyocardialInfarction))
            Assert.IsTrue(r.WaveformFeatures.Contains(F.InferiorQ) || r.WaveformFeatures.Contains(F.InferiorStElevation), r.RecordId);
        foreach (var r in With(C.StDepression))
            Assert.IsTrue(r.WaveformFeatures.Contains(F.LateralStDepression) || r.WaveformFeatures.Contains(F.InferiorStDepression), r.RecordId);
        foreach (var r in With(C.TWaveInversion))
            Assert.IsTrue(new[] { F.LateralTInversion, F.AnteriorTInversion, F.InferiorTInversion }.Any(r.WaveformFeatures.Contains), r.RecordId);
        foreach (var r in With(C.LeftVentricularHypertrophy)) CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.HighVoltage);
        foreach (var r in With(C.LowQrsVoltage)) CollectionAssert.Contains(r.WaveformFeatures.ToArray(), F.LowLimbVoltage);
    }

    [TestMethod]
    public void ReportsNameDiagnosesAndNoFeatureBeyondTheStatedOnes()
    {
        var reports = new HashSet<string>();
        foreach (var r in Clean.Value)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(r.Report));
            var unstated = r.StatedFeatures.SelectMany(f => SyntheticFeatureStatements.Phrasings[f])
                .Aggregate(r.Report, (text, phrase) => text.Replace(phrase, "", StringComparison.OrdinalIgnoreCase));
            foreach (var feature in SyntheticEcgGenerator.FeatureVocabulary)
                Assert.IsFalse(unstated.Contains(feature, StringComparison.OrdinalIgnoreCase), $"'{r.Report}' gives away '{feature}'");
            CollectionAssert.IsSubsetOf(r.Labels.ToArray(), SyntheticEcgGenerator.Conditions.ToArray());
            CollectionAssert.IsSubsetOf(r.WaveformFeatures.ToArray(), SyntheticEcgGenerator.FeatureVocabulary.ToArray());
            CollectionAssert.AllItemsAreUnique(r.WaveformFeatures.ToArray());
            reports.Add(r.Report);
        }
        Assert.IsGreaterThan(40, reports.Count); // phrasing varies
    }

    [TestMethod]
    public void EveryConditionAppearsAndSomeRecordsCombineConditions()
    {
        foreach (var condition in SyntheticEcgGenerator.Conditions)
            Assert.IsGreaterThan(5, With(condition).Count(), condition);
        Assert.IsGreaterThan(20, Clean.Value.Count(r => r.Labels.Count >= 2));
        Assert.IsTrue(Clean.Value.Any(r => r.Labels.Contains(C.AtrialFibrillation) && r.Labels.Count == 2));
        // Plain sinus rhythm is a label only for a normal ECG.
        Assert.IsTrue(Clean.Value.Where(r => r.Labels.Contains(C.NormalSinusRhythm)).All(r => r.Labels.Count == 1));
    }

    [TestMethod]
    public void ConditionWeightsSelectTheDistribution()
    {
        var gen = new SyntheticEcgGenerator(new SyntheticEcgOptions
        {
            NoiseLevel = 0,
            CombinationProbability = 0,
            ConditionWeights = new Dictionary<string, double> { [C.LeftBundleBranchBlock] = 1, [C.AtrialFibrillation] = 1 },
        });
        var labels = gen.Generate(0, 60).Select(r => string.Join("+", r.Labels)).ToHashSet();
        CollectionAssert.AreEquivalent(new[] { C.LeftBundleBranchBlock, C.AtrialFibrillation }, labels.ToArray());
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWithTheirName()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { SamplingRate = 0 }));
        StringAssert.Contains(e.Message, "SamplingRate");
        e = Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions
        { ConditionWeights = new Dictionary<string, double> { ["flutter"] = 1 } }));
        StringAssert.Contains(e.Message, "flutter");
        Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { NoiseLevel = -1 }));
        Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { CombinationProbability = 2 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoiseFree.Generate(0, -1));
    }

    private static double Metadata(EcgRecord r, string key) => double.Parse(r.Metadata[key], CultureInfo.InvariantCulture);

    /// <summary>Simple beat measurements on 12-lead signals, independent of the generator's internals.</summary>
    private static class Beats
    {
        /// <summary>Spatial velocity: sum over leads of |first difference|, in mV/s.</summary>
        private static double[] Velocity(EcgRecord r)
        {
            int n = r.SampleCount;
            var v = new double[n];
            for (int lead = 0; lead < r.LeadCount; lead++)
            {
                var x = r.Lead(lead);
                for (int s = 1; s < n; s++) v[s] += Math.Abs(x[s] - x[s - 1]) * r.SamplingRate;
            }
            return v;
        }

        /// <summary>Sample indices of QRS complexes: maxima of the spatial velocity above 40 % of its maximum, 250 ms apart.</summary>
        public static List<int> DetectQrs(EcgRecord r)
        {
            var v = Velocity(r);
            double threshold = 0.4 * v.Max();
            int refractory = (int)(0.25 * r.SamplingRate);
            var peaks = new List<int>();
            for (int s = 1; s < v.Length - 1; s++)
            {
                if (v[s] < threshold || v[s] < v[s - 1] || v[s] < v[s + 1]) continue;
                if (peaks.Count > 0 && s - peaks[^1] < refractory) { if (v[s] > v[peaks[^1]]) peaks[^1] = s; continue; }
                peaks.Add(s);
            }
            return peaks;
        }

        /// <summary>
        /// Median QRS width: around each detected complex, the run of samples where the spatial velocity exceeds 5 % of
        /// its local peak, bridging gaps up to 20 ms (notches, R–S turns) but not the ST segment.
        /// </summary>
        public static double MedianQrsWidthMs(EcgRecord r)
        {
            var v = Velocity(r);
            double fs = r.SamplingRate;
            int gap = (int)(0.02 * fs);
            var widths = new List<double>();
            foreach (int p in DetectQrs(r))
            {
                int from = Math.Max(1, p - (int)(0.1 * fs)), to = Math.Min(v.Length - 1, p + (int)(0.14 * fs));
                double threshold = 0.05 * v[from..to].Max();
                int onset = p, offset = p;
                for (int s = p; s >= from && onset - s <= gap; s--)
                    if (v[s] >= threshold) onset = s;
                for (int s = p; s < to && s - offset <= gap; s++)
                    if (v[s] >= threshold) offset = s;
                widths.Add((offset - onset) / fs * 1000);
            }
            widths.Sort();
            return widths[widths.Count / 2];
        }

        /// <summary>Largest peak-to-peak amplitude of a lead within ±45 ms of the detected QRS complexes.</summary>
        public static double QrsPeakToPeak(EcgRecord r, int lead)
        {
            var x = r.Lead(lead);
            int half = (int)(0.045 * r.SamplingRate);
            double best = 0;
            foreach (int p in DetectQrs(r))
            {
                var window = x[Math.Max(0, p - half)..Math.Min(x.Length, p + half)].ToArray();
                best = Math.Max(best, window.Max() - window.Min());
            }
            return best;
        }
    }
}
