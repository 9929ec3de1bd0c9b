using System.Numerics;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Lead vectors of the synthetic heart dipole. Axes: x = patient's left, y = inferior, z = anterior, in mV.
/// Leads I, II and V1–V6 are "measured"; III, aVR, aVL and aVF are derived from I and II exactly as an
/// electrocardiograph does, so Einthoven's and Goldberger's relations hold sample by sample, noise included.
/// </summary>
internal static class SyntheticLeadSystem
{
    public const int I = 0, II = 1, III = 2, AVR = 3, AVL = 4, AVF = 5, V1 = 6, V2 = 7, V3 = 8, V4 = 9, V5 = 10, V6 = 11;

    /// <summary>Leads whose signals are generated (the others are derived from I and II).</summary>
    public static readonly int[] Measured = { I, II, V1, V2, V3, V4, V5, V6 };

    public static readonly int[] Limb = { I, II, III, AVR, AVL, AVF };
    public static readonly int[] Precordial = { V1, V2, V3, V4, V5, V6 };
    public static readonly int[] Anterior = { V1, V2, V3, V4 };
    public static readonly int[] Inferior = { II, III, AVF };
    public static readonly int[] Lateral = { I, AVL, V5, V6 };

    /// <summary>Lead vectors in standard order (index = lead).</summary>
    public static readonly Vector3[] Vectors = BuildVectors();

    private static Vector3[] BuildVectors()
    {
        var v = new Vector3[12];
        v[I] = new Vector3(1, 0, 0);
        v[II] = new Vector3(0.5f, MathF.Sqrt(3) / 2, 0);
        v[III] = v[II] - v[I];
        v[AVR] = -(v[I] + v[II]) / 2;
        v[AVL] = v[I] - v[II] / 2;
        v[AVF] = v[II] - v[I] / 2;
        // Precordial electrodes: angle in the transverse plane from the left towards the front, and a gain for
        // their proximity to the heart (mid-precordial leads see the largest deflections).
        (float angle, float gain, float inferior)[] chest =
        {
            (115, 1.0f, 0f), (95, 1.35f, 0f), (75, 1.45f, 0.05f), (55, 1.4f, 0.15f), (30, 1.2f, 0.15f), (5, 1.0f, 0.15f),
        };
        for (int k = 0; k < 6; k++)
        {
            var (angle, gain, inferior) = chest[k];
            float rad = angle * MathF.PI / 180;
            v[V1 + k] = gain * new Vector3(MathF.Cos(rad), inferior, MathF.Sin(rad));
        }
        return v;
    }

    /// <summary>Computes III, aVR, aVL and aVF from I and II in a lead-major 12-lead buffer.</summary>
    public static void DeriveLimbLeads(Span<float> signal, int sampleCount)
    {
        var lead1 = signal.Slice(I * sampleCount, sampleCount);
        var lead2 = signal.Slice(II * sampleCount, sampleCount);
        var lead3 = signal.Slice(III * sampleCount, sampleCount);
        var avr = signal.Slice(AVR * sampleCount, sampleCount);
        var avl = signal.Slice(AVL * sampleCount, sampleCount);
        var avf = signal.Slice(AVF * sampleCount, sampleCount);
        for (int s = 0; s < sampleCount; s++)
        {
            float a = lead1[s], b = lead2[s];
            lead3[s] = b - a;
            avr[s] = -(a + b) * 0.5f;
            avl[s] = a - b * 0.5f;
            avf[s] = b - a * 0.5f;
        }
    }
}
