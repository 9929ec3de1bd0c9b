using System.Numerics;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// The dipole of one beat (or of its atrial part) as a sum of waves and plateaus; time 0 is the onset
/// (QRS onset for ventricular shapes, P onset for atrial ones). Rendered once per record into a template.
/// </summary>
internal sealed class SyntheticBeatShape
{
    public List<SyntheticWave> Waves { get; } = new();

    public List<SyntheticPlateau> Plateaus { get; } = new();

    public double Start => Math.Min(Waves.Count == 0 ? 0 : Waves.Min(w => w.Start), Plateaus.Count == 0 ? 0 : Plateaus.Min(p => p.From));

    public double End => Math.Max(Waves.Count == 0 ? 0 : Waves.Max(w => w.End), Plateaus.Count == 0 ? 0 : Plateaus.Max(p => p.To));

    public Vector3 At(double t)
    {
        var sum = Vector3.Zero;
        foreach (var w in Waves) sum += w.Vector * (float)w.Shape(t);
        foreach (var p in Plateaus) sum += p.Vector * (float)p.Shape(t);
        return sum;
    }

    /// <summary>
    /// Renders the dipole at <paramref name="samplingRate"/> into a component-major buffer
    /// (<c>[x0..xL-1, y0.., z0..]</c>); <paramref name="origin"/> is the sample index of time 0.
    /// </summary>
    public float[] Render(double samplingRate, out int origin, out int length)
    {
        origin = (int)Math.Ceiling(-Start * samplingRate);
        length = origin + (int)Math.Ceiling(End * samplingRate) + 1;
        var buffer = new float[3 * length];
        for (int i = 0; i < length; i++)
        {
            var v = At((i - origin) / samplingRate);
            buffer[i] = v.X;
            buffer[length + i] = v.Y;
            buffer[2 * length + i] = v.Z;
        }
        return buffer;
    }
}
