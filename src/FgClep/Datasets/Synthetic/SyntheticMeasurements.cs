using L = FgClep.Datasets.Synthetic.SyntheticLeadSystem;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Noise-free 12-lead view of a beat shape sampled at 1 kHz, with the measurements the generator uses to calibrate
/// voltages and to decide which waveform features are present. Baseline is exactly 0 (no P or T of other beats).
/// </summary>
internal sealed class SyntheticMeasurements
{
    private const double Rate = 1000;
    private readonly float[] _values; // lead-major
    private readonly int _length;
    private readonly double _start;

    public SyntheticMeasurements(SyntheticBeatShape shape)
    {
        _start = shape.Start;
        _length = (int)Math.Ceiling((shape.End - _start) * Rate) + 1;
        _values = new float[12 * _length];
        for (int i = 0; i < _length; i++)
        {
            var d = shape.At(_start + i / Rate);
            for (int lead = 0; lead < 12; lead++)
                _values[lead * _length + i] = System.Numerics.Vector3.Dot(L.Vectors[lead], d);
        }
    }

    /// <summary>Measures a set of QRS waves alone.</summary>
    public static SyntheticMeasurements OfWaves(IEnumerable<SyntheticWave> waves)
    {
        var shape = new SyntheticBeatShape();
        shape.Waves.AddRange(waves);
        return new SyntheticMeasurements(shape);
    }

    public double Start => _start;

    public double End => _start + (_length - 1) / Rate;

    private ReadOnlySpan<float> Window(int lead, double from, double to)
    {
        int a = Math.Clamp((int)Math.Round((from - _start) * Rate), 0, _length - 1);
        int b = Math.Clamp((int)Math.Round((to - _start) * Rate), a, _length - 1);
        return _values.AsSpan(lead * _length + a, b - a + 1);
    }

    public double At(int lead, double t) => Window(lead, t, t)[0];

    public double Max(int lead, double from, double to) => Max(Window(lead, from, to));

    public double Min(int lead, double from, double to) => Min(Window(lead, from, to));

    public double PeakToPeak(int lead, double from, double to) => Max(lead, from, to) - Min(lead, from, to);

    private static double Max(ReadOnlySpan<float> values) { float m = float.MinValue; foreach (var v in values) m = Math.Max(m, v); return m; }

    private static double Min(ReadOnlySpan<float> values) { float m = float.MaxValue; foreach (var v in values) m = Math.Min(m, v); return m; }

    /// <summary>Sokolow-Lyon index over the whole shape: S in V1 + the larger R in V5 or V6 (mV).</summary>
    public double Sokolow => -Math.Min(0, Min(L.V1, Start, End)) + Math.Max(Max(L.V5, Start, End), Max(L.V6, Start, End));

    public double MaxLimbPeakToPeak => L.Limb.Max(l => PeakToPeak(l, Start, End));

    public double MaxPrecordialPeakToPeak => L.Precordial.Max(l => PeakToPeak(l, Start, End));

    /// <summary>
    /// The initial negative deflection of a lead in [<paramref name="onset"/>, <paramref name="qrsEnd"/>]: its
    /// duration (from QRS onset until the signal turns positive) and depth; zeros when the QRS starts upwards.
    /// </summary>
    public (double Duration, double Depth) QWave(int lead, double onset, double qrsEnd)
    {
        var w = Window(lead, onset, qrsEnd);
        int first = 0;
        while (first < w.Length && Math.Abs(w[first]) < 0.03) first++;
        if (first == w.Length || w[first] > 0) return (0, 0);
        int end = first;
        float depth = 0;
        while (end < w.Length && w[end] < 0) { depth = Math.Min(depth, w[end]); end++; }
        return (end / Rate, -depth);
    }
}
