using System.Numerics;
using L = FgClep.Datasets.Synthetic.SyntheticLeadSystem;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Turns a heart and its beat schedule into a 12-lead signal: beat templates (rendered once per record) are added into
/// a 3-D dipole trace, f-waves are added in atrial fibrillation, the dipole is projected onto the measured leads,
/// recording noise is added to each measured lead, and the remaining limb leads are derived.
/// </summary>
internal static class SyntheticRenderer
{
    public static float[] Render(SyntheticHeart heart, IReadOnlyList<SyntheticBeat> beats, SyntheticEcgOptions options, int n, Random rng)
    {
        double fs = options.SamplingRate;
        var dipole = new float[3 * n];
        var ventricular = Template.Of(heart.Ventricular, fs);
        var atrial = heart.Atrial is null ? null : Template.Of(heart.Atrial, fs);
        var ectopic = heart.Ectopic is null ? null : Template.Of(heart.Ectopic, fs);
        foreach (var beat in beats)
        {
            if (beat.HasP && atrial is not null) atrial.AddTo(dipole, n, (beat.Time - heart.PrInterval) * fs, beat.Gain);
            (beat.Ectopic && ectopic is not null ? ectopic : ventricular).AddTo(dipole, n, beat.Time * fs, beat.Gain);
        }
        if (heart.FibrillationAmplitude > 0) AddFibrillation(dipole, n, fs, heart, rng);

        var signal = new float[12 * n];
        foreach (int lead in L.Measured)
        {
            var v = L.Vectors[lead];
            var target = signal.AsSpan(lead * n, n);
            for (int i = 0; i < n; i++) target[i] = v.X * dipole[i] + v.Y * dipole[n + i] + v.Z * dipole[2 * n + i];
        }
        if (options.NoiseLevel > 0) AddNoise(signal, n, fs, options, heart.RespirationHz, rng);
        L.DeriveLimbLeads(signal, n);
        return signal;
    }

    private static void AddFibrillation(float[] dipole, int n, double fs, SyntheticHeart heart, Random rng)
    {
        // Two harmonics with a wandering frequency and amplitude: the f-waves of atrial fibrillation.
        double phase = rng.Uniform(0, 2 * Math.PI), wander = rng.Uniform(0, 2 * Math.PI), swell = rng.Uniform(0, 2 * Math.PI);
        double f0 = heart.FibrillationHz, a = heart.FibrillationAmplitude;
        var dir = heart.FibrillationVector;
        for (int i = 0; i < n; i++)
        {
            double t = i / fs;
            phase += 2 * Math.PI * f0 * (1 + 0.12 * Math.Sin(2 * Math.PI * 0.2 * t + wander)) / fs;
            float value = (float)(a * (0.75 + 0.25 * Math.Sin(2 * Math.PI * 0.35 * t + swell)) * (Math.Sin(phase) + 0.35 * Math.Sin(2 * phase + 1)));
            dipole[i] += dir.X * value;
            dipole[n + i] += dir.Y * value;
            dipole[2 * n + i] += dir.Z * value;
        }
    }

    private static void AddNoise(float[] signal, int n, double fs, SyntheticEcgOptions options, double respirationHz, Random rng)
    {
        double level = options.NoiseLevel;
        double emg = level * rng.Uniform(0.003, 0.02);
        double mains = level * rng.Uniform(0, 0.025);
        double mainsHz = options.MainsFrequency ?? (rng.Chance(0.5) ? 50 : 60);
        double respiration = level * rng.Uniform(0, 0.06);
        foreach (int lead in L.Measured)
        {
            var target = signal.AsSpan(lead * n, n);
            double wander = level * rng.Uniform(0.02, 0.2), share = rng.Uniform(0.4, 0.8);
            AddSine(target, fs, wander * share, rng.Uniform(0.05, 0.2), rng.Uniform(0, 2 * Math.PI));
            AddSine(target, fs, wander * (1 - share), rng.Uniform(0.2, 0.5), rng.Uniform(0, 2 * Math.PI));
            AddSine(target, fs, respiration * rng.Uniform(-1, 1), respirationHz, 0);
            if (fs > 2.5 * mainsHz) AddSine(target, fs, mains * rng.Uniform(0.5, 1.5), mainsHz, rng.Uniform(0, 2 * Math.PI));
            rng.AddGaussianNoise(target, emg * rng.Uniform(0.7, 1.3));
        }
    }

    /// <summary>Adds a sinusoid by rotating a phasor (no trigonometric call per sample).</summary>
    private static void AddSine(Span<float> target, double fs, double amplitude, double hz, double phase)
    {
        if (amplitude == 0) return;
        var (stepSin, stepCos) = Math.SinCos(2 * Math.PI * hz / fs);
        var (s, c) = Math.SinCos(phase);
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += (float)(amplitude * s);
            (s, c) = (s * stepCos + c * stepSin, c * stepCos - s * stepSin);
        }
    }

    /// <summary>A beat shape rendered at the output rate (component-major), added at fractional sample positions by rounding.</summary>
    private sealed class Template
    {
        private float[] _buffer = Array.Empty<float>();
        private int _origin, _length;

        public static Template Of(SyntheticBeatShape shape, double fs)
        {
            var t = new Template();
            t._buffer = shape.Render(fs, out t._origin, out t._length);
            return t;
        }

        public void AddTo(float[] dipole, int n, double position, float gain)
        {
            int start = (int)Math.Round(position) - _origin;
            int from = Math.Max(0, -start), to = Math.Min(_length, n - start);
            for (int c = 0; c < 3; c++)
            {
                var src = _buffer.AsSpan(c * _length, _length);
                var dst = dipole.AsSpan(c * n, n);
                for (int i = from; i < to; i++) dst[start + i] += gain * src[i];
            }
        }
    }
}
