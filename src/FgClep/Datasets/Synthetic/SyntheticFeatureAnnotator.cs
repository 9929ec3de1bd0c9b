using F = FgClep.Datasets.Synthetic.SyntheticWaveformFeatures;
using L = FgClep.Datasets.Synthetic.SyntheticLeadSystem;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Decides which vocabulary features a synthetic record shows, by measuring its noise-free beat (intervals, axis,
/// voltages, Q waves, ST level 30 ms after the J point, T amplitude at the T peak) and its beat schedule.
/// </summary>
internal static class SyntheticFeatureAnnotator
{
    public static SyntheticAnnotation Annotate(SyntheticHeart heart, IReadOnlyList<SyntheticBeat> beats, double duration)
    {
        var found = new HashSet<string>(heart.ConstructedFeatures);
        double rate = SyntheticRhythm.HeartRate(beats, duration, heart.MeanRr);
        bool ectopy = beats.Any(b => b.Ectopic && b.Time >= 0 && b.Time < duration);

        if (heart.Atrial is { } atrial)
        {
            if (new SyntheticMeasurements(atrial).Max(L.II, atrial.Start, atrial.End) >= 0.05) found.Add(F.UprightPWaves);
            if (!ectopy) found.Add(F.RegularRr);
            if (heart.PrInterval > 0.2) found.Add(F.ProlongedPr);
            else if (heart.PrInterval >= 0.12) found.Add(F.NormalPr);
            if (ectopy) found.Add(F.CompensatoryPause);
        }
        else
        {
            found.Add(F.AbsentPWaves);
            found.Add(F.IrregularRr);
            if (heart.FibrillationAmplitude >= 0.05) found.Add(F.FibrillatoryWaves);
        }
        if (ectopy) found.Add(F.PrematureWideBeats);
        if (ectopy && heart.Bigeminy) found.Add(F.Bigeminy);
        if (rate < 60) found.Add(F.SlowRate);
        else if (rate > 100) found.Add(F.FastRate);
        else found.Add(F.NormalRate);

        var m = new SyntheticMeasurements(heart.Ventricular);
        double j = heart.QrsDuration;
        if (j < 0.11) found.Add(F.NormalQrsDuration);
        if (j >= 0.12) found.Add(F.WideQrs);

        double axis = Axis(heart.Ventricular, j);
        found.Add(axis < -30 ? F.LeftAxis : axis > 90 ? F.RightAxis : F.NormalAxis);

        double qrsTo = j - 0.01; // voltages end just before the J point, where a shifted ST segment begins
        double sokolow = -Math.Min(0, m.Min(L.V1, 0, qrsTo)) + Math.Max(m.Max(L.V5, 0, qrsTo), m.Max(L.V6, 0, qrsTo));
        if (sokolow > 3.5) found.Add(F.HighVoltage);
        if (L.Limb.All(l => m.PeakToPeak(l, 0, qrsTo) < 0.5)) found.Add(F.LowLimbVoltage);
        if (L.Precordial.All(l => m.PeakToPeak(l, 0, qrsTo) < 1.0)) found.Add(F.LowPrecordialVoltage);

        if (!heart.ConstructedFeatures.Contains(F.QsV1)) // Q-wave criteria do not apply in left bundle branch block
        {
            bool Pathological(int lead)
            {
                var (duration, depth) = m.QWave(lead, 0, j);
                return duration >= 0.04 && (depth >= 0.1 || depth >= 0.25 * m.PeakToPeak(lead, 0, qrsTo));
            }
            if (Count(L.Anterior, Pathological) >= 2 && new[] { L.V2, L.V3, L.V4 }.Any(Pathological)) found.Add(F.AnteriorQ);
            if (Count(L.Inferior, Pathological) >= 2) found.Add(F.InferiorQ);
        }

        double St(int lead) => m.At(lead, j + 0.03);
        if (Count(L.Anterior, l => St(l) >= 0.1) >= 2) found.Add(F.AnteriorStElevation);
        if (Count(L.Inferior, l => St(l) >= 0.1) >= 2) found.Add(F.InferiorStElevation);
        if (Count(L.Lateral, l => St(l) <= -0.05) >= 2) found.Add(F.LateralStDepression);
        if (Count(L.Inferior, l => St(l) <= -0.05) >= 2) found.Add(F.InferiorStDepression);
        if (Enumerable.Range(0, 12).All(l => Math.Abs(St(l)) < 0.05)) found.Add(F.NormalSt);

        double T(int lead) => m.At(lead, heart.TPeak);
        bool lateralT = Count(L.Lateral, l => T(l) <= -0.1) >= 2;
        bool anteriorT = Count(new[] { L.V2, L.V3, L.V4 }, l => T(l) <= -0.1) >= 2;
        bool inferiorT = Count(L.Inferior, l => T(l) <= -0.1) >= 2;
        if (lateralT) found.Add(F.LateralTInversion);
        if (anteriorT) found.Add(F.AnteriorTInversion);
        if (inferiorT) found.Add(F.InferiorTInversion);
        if (!lateralT && !anteriorT && !inferiorT && !found.Contains(F.DiscordantStT)
            && new[] { L.I, L.II, L.V3, L.V4, L.V5, L.V6 }.All(l => T(l) >= 0))
            found.Add(F.NormalT);

        double qtc = heart.QtInterval / Math.Sqrt(60 / rate);
        if (qtc > 0.46) found.Add(F.ProlongedQt);
        else if (qtc <= 0.45) found.Add(F.NormalQt);

        return new SyntheticAnnotation(F.All.Where(found.Contains).ToList(), rate, axis, qtc);
    }

    private static int Count(IEnumerable<int> leads, Func<int, bool> predicate) => leads.Count(predicate);

    /// <summary>Frontal QRS axis in degrees from the net QRS area of the dipole (x = lead I, y = inferior).</summary>
    private static double Axis(SyntheticBeatShape shape, double qrsEnd)
    {
        double x = 0, y = 0;
        for (double t = 0; t <= qrsEnd; t += 0.001)
        {
            var d = shape.At(t);
            x += d.X;
            y += d.Y;
        }
        return Math.Atan2(y, x) * 180 / Math.PI;
    }
}
