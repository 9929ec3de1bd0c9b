using System.Numerics;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// One component of the heart dipole: an (optionally asymmetric) Gaussian bump in time with a fixed direction and
/// amplitude in mV. P, Q, R, S and T waves are sums of such components.
/// </summary>
internal readonly record struct SyntheticWave(Vector3 Vector, double Center, double SigmaLeft, double SigmaRight)
{
    /// <summary>Both flanks are treated as ending at 2.5 σ (4 % of the peak).</summary>
    public const double Extent = 2.5;

    public SyntheticWave(Vector3 vector, double center, double sigma) : this(vector, center, sigma, sigma) { }

    public double Start => Center - Extent * SigmaLeft;

    public double End => Center + Extent * SigmaRight;

    /// <summary>Time integral of the bump per unit of vector (for mean vectors and axes).</summary>
    public double Area => 0.5 * (SigmaLeft + SigmaRight) * Math.Sqrt(2 * Math.PI);

    public double Shape(double t)
    {
        double d = t - Center;
        double sigma = d < 0 ? SigmaLeft : SigmaRight;
        double z = d / sigma;
        return z * z > 40 ? 0 : Math.Exp(-0.5 * z * z);
    }

    public SyntheticWave With(Vector3 vector) => this with { Vector = vector };

    public SyntheticWave Shifted(double seconds) => this with { Center = Center + seconds };
}
