using System.Numerics;
using C = FgClep.Datasets.Synthetic.SyntheticEcgConditions;
using F = FgClep.Datasets.Synthetic.SyntheticWaveformFeatures;
using L = FgClep.Datasets.Synthetic.SyntheticLeadSystem;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Builds the dipole model of one heart from its diagnosis: normal conduction, then bundle branch blocks, axis,
/// infarct Q waves, voltage calibration, repolarisation (ST, T) and the abnormalities that alter it.
/// Each condition comes in variants (e.g. LVH with or without strain, acute or old infarction) so that the waveform
/// features within one diagnosis differ from record to record.
/// </summary>
internal sealed class SyntheticHeartBuilder
{
    private enum Infarct { None, Acute, Hyperacute, Old }

    private readonly SyntheticDiagnosis _dx;
    private readonly Random _rng;
    private readonly List<SyntheticWave> _qrs = new();      // conduction: rotated with the axis
    private readonly List<SyntheticWave> _infarct = new();  // anatomical: fixed direction
    private readonly List<string> _features = new();
    private int _rPrimeIndex = -1;

    private SyntheticHeartBuilder(SyntheticDiagnosis dx, Random rng)
    {
        _dx = dx;
        _rng = rng;
    }

    public static SyntheticHeart Build(SyntheticDiagnosis dx, Random rng) => new SyntheticHeartBuilder(dx, rng).Build();

    private bool Has(string condition) => _dx.Has(condition);

    private double U(double min, double max) => _rng.Uniform(min, max);

    private static Vector3 Dir(double x, double y, double z) => Vector3.Normalize(new Vector3((float)x, (float)y, (float)z));

    private Vector3 Jitter(Vector3 direction, double sd = 0.08)
        => Vector3.Normalize(direction + new Vector3((float)_rng.Gaussian(0, sd), (float)_rng.Gaussian(0, sd), (float)_rng.Gaussian(0, sd)));

    private SyntheticHeart Build()
    {
        double rr = 60 / DrawRate();
        var anterior = Has(C.AnteriorMyocardialInfarction) ? DrawInfarct() : Infarct.None;
        var inferior = Has(C.InferiorMyocardialInfarction) ? DrawInfarct() : Infarct.None;

        BuildConduction(anterior, inferior);
        Rotate(_qrs, DrawAxis() - Axis(_qrs));
        AddInfarctQWaves(anterior, inferior);
        double onset = _qrs.Concat(_infarct).Min(w => w.Start);
        Shift(_qrs, -onset);
        Shift(_infarct, -onset);
        double voltage = CalibrateVoltage();

        var allQrs = _qrs.Concat(_infarct).ToList();
        double qrsEnd = allQrs.Max(w => w.End);
        double qtc = Has(C.LongQt) ? U(0.475, 0.56) : U(0.385, 0.435);
        double qt = Math.Max(qtc * Math.Sqrt(rr), qrsEnd + 0.16);
        double sigmaRight = Math.Clamp(0.085 * qt, 0.022, 0.045), sigmaLeft = 1.6 * sigmaRight;
        double tPeak = qt - SyntheticWave.Extent * sigmaRight;

        var ventricular = new SyntheticBeatShape();
        ventricular.Waves.AddRange(allQrs);
        BuildRepolarisation(ventricular, allQrs, qrsEnd, tPeak, sigmaLeft, sigmaRight, voltage, anterior, inferior);

        bool fibrillation = !_dx.IsSinus;
        bool coarse = fibrillation && _rng.Chance(0.55);
        return new SyntheticHeart
        {
            Diagnosis = _dx,
            Atrial = fibrillation ? null : BuildAtrial(Math.Min(1, voltage)),
            Ventricular = ventricular,
            Ectopic = Has(C.PrematureVentricularComplexes) ? BuildEctopic(qt) : null,
            Bigeminy = Has(C.PrematureVentricularComplexes) && _rng.Chance(0.3),
            PrInterval = Has(C.FirstDegreeAvBlock) ? U(0.22, 0.32) : Has(C.SinusTachycardia) ? U(0.12, 0.16) : U(0.13, 0.19),
            QrsDuration = qrsEnd,
            QtInterval = qt,
            TPeak = tPeak,
            MeanRr = rr,
            SinusArrhythmia = U(0.01, 0.04),
            RespirationHz = U(0.15, 0.35),
            FibrillationAmplitude = !fibrillation ? 0 : coarse ? U(0.08, 0.18) : U(0.015, 0.04),
            FibrillationHz = U(5, 8),
            FibrillationVector = Jitter(Dir(-0.3, 0.7, 0.65), 0.15),
            ConstructedFeatures = _features,
        };
    }

    private double DrawRate() => _dx.Rhythm switch
    {
        C.SinusBradycardia => U(42, 57),
        C.SinusTachycardia => U(105, 145),
        C.AtrialFibrillation => _rng.Chance(0.4) ? U(110, 150) : U(65, 95),
        _ => U(60, 95),
    };

    private Infarct DrawInfarct()
    {
        double u = _rng.NextDouble();
        return u < 0.4 ? Infarct.Acute : u < 0.6 ? Infarct.Hyperacute : Infarct.Old;
    }

    private double DrawAxis()
    {
        if (Has(C.LeftBundleBranchBlock)) return _rng.Chance(0.35) ? U(-65, -40) : U(-10, 60);
        if (Has(C.RightBundleBranchBlock)) return _rng.Chance(0.3) ? U(100, 135) : U(-10, 75);
        if (Has(C.LeftVentricularHypertrophy)) return _rng.Chance(0.3) ? U(-60, -40) : U(-10, 70);
        return U(-15, 75);
    }

    private void BuildConduction(Infarct anterior, Infarct inferior)
    {
        double scale = U(0.85, 1.2);
        if (Has(C.LeftBundleBranchBlock))
        {
            // The septum depolarises from the right: no septal q laterally, no r in V1; two slow, leftward-posterior
            // fronts separated in time give the broad notched R.
            double c1 = U(0.045, 0.05), gap = U(0.045, 0.055), sigma = U(0.018, 0.02);
            _qrs.Add(new SyntheticWave(Jitter(Dir(0.75, 0.2, -0.65), 0.05) * (float)(scale * U(1.1, 1.5)), c1, sigma));
            _qrs.Add(new SyntheticWave(Jitter(Dir(0.85, 0.35, -0.4), 0.05) * (float)(scale * U(1.1, 1.5)), c1 + gap, sigma));
            _features.AddRange(new[] { F.NotchedLateralR, F.QsV1, F.AbsentSeptalQ, F.DiscordantStT });
            return;
        }

        bool septalLoss = anterior is Infarct.Acute or Infarct.Old;
        if (!septalLoss) _qrs.Add(new SyntheticWave(Jitter(Dir(-0.5, 0.2, 0.85)) * (float)U(0.15, 0.3), 0.0125, 0.005));
        var early = Jitter(Dir(0.55, 0.55, 0.6)) * (float)(0.8 * scale * U(0.8, 1.2));
        var main = Jitter(Dir(0.75, 0.45, -0.55)) * (float)(1.4 * scale * U(0.85, 1.15));
        if (septalLoss) early *= 0.3f;
        _qrs.Add(new SyntheticWave(early, U(0.028, 0.032), 0.008));
        _qrs.Add(new SyntheticWave(main, U(0.043, 0.047), U(0.009, 0.011)));
        _qrs.Add(new SyntheticWave(Jitter(Dir(-0.3, -0.5, -0.8)) * (float)(0.45 * scale * U(0.7, 1.3)), U(0.07, 0.074), 0.008));

        if (Has(C.RightBundleBranchBlock))
        {
            // Late, slow right-ventricular activation: terminal rightward-anterior forces (R' in V1, wide S in I/V6).
            var rPrime = new SyntheticWave(Jitter(Dir(-0.6, 0.1, 0.8), 0.05) * (float)U(0.5, 0.9), U(0.1, 0.115), U(0.013, 0.016));
            _rPrimeIndex = _qrs.Count;
            _qrs.Add(rPrime);
            _features.AddRange(new[] { F.RsrPrimeV1, F.WideLateralS });
        }
    }

    private void AddInfarctQWaves(Infarct anterior, Infarct inferior)
    {
        // Loss of viable myocardium: an early force pointing away from the infarct gives wide, deep Q waves there.
        if (anterior is Infarct.Acute or Infarct.Old)
            _infarct.Add(new SyntheticWave(-Jitter(Dir(0.25, 0, 1), 0.05) * (float)U(0.35, 0.6), 0.028, 0.011));
        if (inferior is Infarct.Acute or Infarct.Old)
        {
            // Inferior forces are lost whatever the axis, so this follows the rotation.
            for (int i = 0; i < _qrs.Count; i++)
            {
                var v = _qrs[i].Vector;
                if (_qrs[i].Center < 0.05 && v.Y > 0) _qrs[i] = _qrs[i].With(v with { Y = v.Y * 0.3f });
            }
            _infarct.Add(new SyntheticWave(-Jitter(Dir(0.1, 1, 0), 0.05) * (float)U(0.5, 0.8), 0.04, 0.016));
        }
    }

    /// <summary>Scales QRS voltages into the range of the diagnosis; returns the overall factor applied.</summary>
    private double CalibrateVoltage()
    {
        var all = _qrs.Concat(_infarct).ToList();
        var m = SyntheticMeasurements.OfWaves(all);
        double factor = 1;
        if (Has(C.LeftVentricularHypertrophy))
        {
            factor = U(3.8, 5.5) / m.Sokolow;
            ScaleAll(factor, factor);
        }
        else if (Has(C.LowQrsVoltage))
        {
            if (_rng.Chance(0.5))
            {
                // Low everywhere: limb leads below 0.5 mV and precordial leads below 1 mV.
                factor = Math.Min(U(0.2, 0.4) / m.MaxLimbPeakToPeak, U(0.5, 0.85) / m.MaxPrecordialPeakToPeak);
                ScaleAll(factor, factor);
            }
            else
            {
                // Low in the frontal plane only: limb leads see x and y, so shrinking those leaves the chest leads.
                factor = U(0.2, 0.4) / m.MaxLimbPeakToPeak;
                ScaleAll(factor, 1);
            }
        }
        else
        {
            for (int pass = 0; pass < 3; pass++)
            {
                m = SyntheticMeasurements.OfWaves(_qrs.Concat(_infarct).ToList());
                if (m.Sokolow > 3.2) ScaleAll(U(2.4, 3.1) / m.Sokolow, U(2.4, 3.1) / m.Sokolow);
                else if (m.MaxLimbPeakToPeak < 0.7) ScaleAll(U(0.8, 1.1) / m.MaxLimbPeakToPeak, 1);
                else break;
            }
        }
        return factor;
    }

    private void ScaleAll(double frontal, double anterior)
    {
        var k = new Vector3((float)frontal, (float)frontal, (float)anterior);
        for (int i = 0; i < _qrs.Count; i++) _qrs[i] = _qrs[i].With(_qrs[i].Vector * k);
        for (int i = 0; i < _infarct.Count; i++) _infarct[i] = _infarct[i].With(_infarct[i].Vector * k);
    }

    private void BuildRepolarisation(SyntheticBeatShape beat, List<SyntheticWave> qrs, double qrsEnd, double tPeak,
        double sigmaLeft, double sigmaRight, double voltage, Infarct anterior, Infarct inferior)
    {
        var mean = Vector3.Zero;
        foreach (var w in qrs) mean += w.Vector * (float)w.Area;
        var meanDir = Vector3.Normalize(mean);
        var extraT = new List<Vector3>();
        var st = Vector3.Zero;
        Vector3 t;
        double tScale = Math.Clamp(voltage, 0.5, 1.0);

        if (Has(C.LeftBundleBranchBlock))
        {
            t = -meanDir * (float)U(0.3, 0.5);
            st = -meanDir * (float)U(0.1, 0.2);
        }
        else
        {
            // Normal T: near the QRS axis in the frontal plane but kept within 10–70° (upright in I, II and aVF),
            // and anterior (upright in V2–V6).
            double tAxis = (Math.Clamp(Math.Atan2(meanDir.Y, meanDir.X) * 180 / Math.PI, 10, 70) + _rng.Gaussian(0, 5)) * Math.PI / 180;
            var frontal = new Vector3((float)Math.Cos(tAxis), (float)Math.Sin(tAxis), 0);
            t = Jitter(Vector3.Normalize(frontal + new Vector3(0, 0, 0.55f)), 0.05) * (float)(U(0.25, 0.45) * tScale);
            if (Has(C.LeftVentricularHypertrophy))
            {
                if (_rng.Chance(0.5))
                {
                    // Strain: ST depression and asymmetric T inversion opposite to the dominant QRS forces.
                    st = -meanDir * (float)U(0.08, 0.18);
                    t = -meanDir * (float)U(0.2, 0.4);
                }
                else t *= (float)U(1.1, 1.4);
            }
            if (_rPrimeIndex >= 0) extraT.Add(-Vector3.Normalize(_qrs[_rPrimeIndex].Vector) * (float)U(0.15, 0.3));
        }

        ApplyInfarct(anterior, Dir(0.3, -0.15, 1), ref st, ref t);
        ApplyInfarct(inferior, Dir(-0.3, 1, 0), ref st, ref t);

        if (Has(C.StDepression))
        {
            var region = _rng.Next(3) switch { 0 => Dir(0.9, 0.1, 0.3), 1 => Dir(0, 1, 0), _ => Dir(0.6, 0.75, 0.25) };
            if (_rng.Chance(0.4)) t = Invert(t, region, U(0.1, 0.25));
            // Deep enough to show through the upstroke of an upright T wave when the ST segment is short.
            double z = (tPeak - qrsEnd - 0.03) / sigmaLeft;
            double tOverlap = Math.Max(0, Vector3.Dot(t, region)) * Math.Exp(-0.5 * z * z);
            st -= region * (float)(U(0.1, 0.25) + tOverlap);
        }
        if (Has(C.TWaveInversion))
        {
            var region = _rng.Next(3) switch { 0 => Dir(0.9, 0.1, 0.3), 1 => Dir(0.15, 0, 1), _ => Dir(0, 1, 0) };
            t = Invert(t, region, U(0.15, 0.3));
        }

        beat.Waves.Add(new SyntheticWave(t, tPeak, sigmaLeft, sigmaRight));
        foreach (var v in extraT) beat.Waves.Add(new SyntheticWave(v, tPeak, sigmaLeft, sigmaRight));
        if (st != Vector3.Zero)
            beat.Plateaus.Add(new SyntheticPlateau(st, qrsEnd, tPeak - 0.5 * sigmaLeft, 0.004, 0.3 * sigmaLeft));
    }

    private void ApplyInfarct(Infarct kind, Vector3 region, ref Vector3 st, ref Vector3 t)
    {
        switch (kind)
        {
            case Infarct.Acute:
                st += region * (float)U(0.18, 0.4);
                break;
            case Infarct.Hyperacute:
                st += region * (float)U(0.18, 0.4);
                t += region * (float)U(0.2, 0.4);
                break;
            case Infarct.Old when _rng.Chance(0.6):
                t = Invert(t, region, U(0.12, 0.3));
                break;
        }
    }

    /// <summary>Flips the part of <paramref name="t"/> pointing to <paramref name="region"/> and pushes it further away.</summary>
    private static Vector3 Invert(Vector3 t, Vector3 region, double extra)
    {
        float along = Vector3.Dot(t, region);
        return t - 2 * Math.Max(0, along) * region - region * (float)extra;
    }

    private SyntheticBeatShape BuildAtrial(double voltage)
    {
        double amplitude = U(0.1, 0.18) * Math.Max(0.7, voltage);
        var p = new SyntheticBeatShape();
        p.Waves.Add(new SyntheticWave(Jitter(Dir(0.25, 0.9, 0.35)) * (float)(0.9 * amplitude), 0.035, 0.014)); // right atrium
        p.Waves.Add(new SyntheticWave(Jitter(Dir(0.8, 0.45, -0.4)) * (float)(0.8 * amplitude), 0.06, 0.014));  // left atrium
        return p;
    }

    private SyntheticBeatShape BuildEctopic(double qt)
    {
        // Left-ventricular foci look like RBBB, right-ventricular foci like LBBB; both are wide with discordant ST-T.
        bool leftFocus = _rng.Chance(0.5);
        var first = Jitter(leftFocus ? Dir(-0.6, 0.5, 0.6) : Dir(0.7, 0.5, -0.5), 0.1);
        var second = Jitter(leftFocus ? Dir(-0.4, -0.3, 0.8) : Dir(0.8, 0.2, -0.6), 0.1);
        double amplitude = U(1.0, 1.8), sigma = U(0.02, 0.024), c1 = SyntheticWave.Extent * sigma;
        var shape = new SyntheticBeatShape();
        shape.Waves.Add(new SyntheticWave(first * (float)amplitude, c1, sigma));
        shape.Waves.Add(new SyntheticWave(second * (float)(0.8 * amplitude), c1 + U(0.045, 0.06), sigma));
        var mean = Vector3.Normalize(first + 0.8f * second);
        double end = shape.End, tEnd = Math.Max(qt + 0.04, end + 0.2);
        shape.Waves.Add(new SyntheticWave(-mean * (float)(U(0.3, 0.45) * amplitude), tEnd - 0.1, 0.065, 0.04));
        shape.Plateaus.Add(new SyntheticPlateau(-mean * 0.1f, end - 0.01, tEnd - 0.15, 0.006, 0.02));
        if (Has(C.LowQrsVoltage))
        {
            // Whatever lowers the voltage (effusion, obesity, infiltration) lowers ectopic beats too.
            double k = U(0.25, 0.42) / SyntheticMeasurements.OfWaves(shape.Waves.Take(2)).MaxLimbPeakToPeak;
            for (int i = 0; i < shape.Waves.Count; i++) shape.Waves[i] = shape.Waves[i].With(shape.Waves[i].Vector * (float)k);
            for (int i = 0; i < shape.Plateaus.Count; i++) shape.Plateaus[i] = shape.Plateaus[i] with { Vector = shape.Plateaus[i].Vector * (float)k };
        }
        return shape;
    }

    private static double Axis(List<SyntheticWave> waves)
    {
        var sum = Vector3.Zero;
        foreach (var w in waves) sum += w.Vector * (float)w.Area;
        return Math.Atan2(sum.Y, sum.X) * 180 / Math.PI;
    }

    private static void Rotate(List<SyntheticWave> waves, double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        for (int i = 0; i < waves.Count; i++)
        {
            var v = waves[i].Vector;
            waves[i] = waves[i].With(new Vector3((float)(v.X * cos - v.Y * sin), (float)(v.X * sin + v.Y * cos), v.Z));
        }
    }

    private static void Shift(List<SyntheticWave> waves, double seconds)
    {
        for (int i = 0; i < waves.Count; i++) waves[i] = waves[i].Shifted(seconds);
    }
}
