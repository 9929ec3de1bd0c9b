namespace FgClep.Datasets.Synthetic;

/// <summary>Schedules beats: sinus rhythm with respiratory variability, or irregular atrial fibrillation; then
/// places premature ventricular beats (isolated or bigeminy) with a full compensatory pause in sinus rhythm.</summary>
internal static class SyntheticRhythm
{
    public static List<SyntheticBeat> Schedule(SyntheticHeart heart, double duration, Random rng)
    {
        double rr = heart.MeanRr;
        bool fibrillation = heart.Atrial is null;
        double minRr = Math.Max(0.3, heart.QrsDuration + 0.2);
        double phase = rng.Uniform(0, 2 * Math.PI), gainPhase = rng.Uniform(0, 2 * Math.PI);
        var times = new List<double>();
        // Start one beat before the window so the recording does not begin with a flat line.
        for (double t = -rng.Uniform(0.3, 1.0) * rr; t < duration + 0.05;)
        {
            times.Add(t);
            double next = fibrillation
                ? rr * (rng.Uniform(0.65, 1.35) + rng.Gaussian(0, 0.05))
                : rr * (1 + heart.SinusArrhythmia * Math.Sin(2 * Math.PI * heart.RespirationHz * t + phase) + rng.Gaussian(0, 0.008));
            t += Math.Max(minRr, next);
        }

        var ectopic = heart.Ectopic is null ? new bool[times.Count] : PlaceEctopics(times, heart.Bigeminy, duration, rng);
        var beats = new List<SyntheticBeat>(times.Count);
        for (int k = 0; k < times.Count; k++)
        {
            double time = times[k];
            if (ectopic[k])
            {
                // Premature: after the previous beat by a coupling interval, but not before its T wave ends.
                double interval = times[k] - times[k - 1];
                double coupling = Math.Min(Math.Max(rng.Uniform(0.5, 0.65), (heart.QtInterval + 0.02) / interval), 0.8);
                time = times[k - 1] + coupling * interval;
            }
            float gain = (float)(1 + 0.05 * Math.Sin(2 * Math.PI * heart.RespirationHz * time + gainPhase));
            beats.Add(new SyntheticBeat(time, ectopic[k], !fibrillation && !ectopic[k], gain));
        }
        return beats;
    }

    private static bool[] PlaceEctopics(List<double> times, bool bigeminy, double duration, Random rng)
    {
        var ectopic = new bool[times.Count];
        var candidates = Enumerable.Range(1, Math.Max(0, times.Count - 2))
            .Where(k => times[k] >= 0.6 && times[k] <= duration - 1.0).ToList();
        if (candidates.Count == 0) return ectopic;
        if (bigeminy)
        {
            int parity = rng.Next(2);
            foreach (var k in candidates) ectopic[k] = k % 2 == parity;
            if (!candidates.Any(k => ectopic[k])) ectopic[candidates[0]] = true;
            return ectopic;
        }
        int wanted = rng.Next(1, 4);
        for (int attempt = 0; attempt < 20 && wanted > 0; attempt++)
        {
            int k = rng.Pick(candidates);
            if (ectopic[k] || ectopic[k - 1] || ectopic[k + 1]) continue;
            ectopic[k] = true;
            wanted--;
        }
        return ectopic;
    }

    /// <summary>Mean rate (bpm) of the beats inside [0, duration); falls back to the nominal rate with fewer than 2 beats.</summary>
    public static double HeartRate(IReadOnlyList<SyntheticBeat> beats, double duration, double meanRr)
    {
        var inside = beats.Where(b => b.Time >= 0 && b.Time < duration).Select(b => b.Time).ToList();
        return inside.Count < 2 ? 60 / meanRr : 60 * (inside.Count - 1) / (inside[^1] - inside[0]);
    }
}
