namespace FgClep.Datasets.Synthetic;

/// <summary>Random helpers for the synthetic generator: per-record seeding and common distributions.</summary>
internal static class SyntheticRandom
{
    /// <summary>A well-mixed 32-bit seed from (seed, index) so that record i never depends on records before it.</summary>
    public static int Combine(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL; // splitmix64 finaliser
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }

    public static double Uniform(this Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    public static double Gaussian(this Random rng, double mean = 0, double sd = 1)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="target"/> with N(0, sd²) samples, two per Box–Muller draw.</summary>
    public static void AddGaussianNoise(this Random rng, Span<float> target, double sd)
    {
        int i = 0;
        for (; i + 1 < target.Length; i += 2)
        {
            double r = sd * Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
            var (s, c) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
            target[i] += (float)(r * c);
            target[i + 1] += (float)(r * s);
        }
        if (i < target.Length) target[i] += (float)rng.Gaussian(0, sd);
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
