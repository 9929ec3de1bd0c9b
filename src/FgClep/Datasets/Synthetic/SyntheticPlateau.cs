using System.Numerics;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// A smooth plateau of the heart dipole between two times (logistic edges): an ST segment shifted by injury,
/// ischaemia, strain or a bundle branch block.
/// </summary>
internal readonly record struct SyntheticPlateau(Vector3 Vector, double Start, double End, double Rise, double Fall)
{
    public double From => Start - 8 * Rise;

    public double To => End + 8 * Fall;

    public double Shape(double t)
    {
        double up = 1 / (1 + Math.Exp(-(t - Start) / Rise));
        double down = 1 / (1 + Math.Exp(-(End - t) / Fall));
        return up * down;
    }

    public SyntheticPlateau Shifted(double seconds) => this with { Start = Start + seconds, End = End + seconds };
}
