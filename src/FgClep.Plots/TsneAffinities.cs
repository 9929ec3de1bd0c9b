using FgClep.Datasets.Synthetic;

namespace FgClep.Plots;

/// <summary>Input-space affinities of exact t-SNE: per-point Gaussians calibrated to a perplexity, then symmetrised.</summary>
internal static class TsneAffinities
{
    private const int MaxSearchSteps = 100;
    private const double EntropyTolerance = 1e-5;

    /// <summary>
    /// Joint affinities P (n × n, row-major, zero diagonal, summing to 1) of <paramref name="points"/>.
    /// Float storage halves the memory of the only O(n²) buffer.
    /// </summary>
    public static float[] Joint(IReadOnlyList<float[]> points, double perplexity, CancellationToken cancellationToken)
    {
        int n = points.Count;
        var conditional = new float[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var distances = new double[n];
            var row = new double[n];
            for (int j = 0; j < n; j++) distances[j] = j == i ? 0 : SquaredDistance(points[i], points[j]);
            Conditional(distances, i, perplexity, row);
            for (int j = 0; j < n; j++) conditional[(long)i * n + j] = (float)row[j];
        });

        double scale = 1.0 / (2.0 * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                long ij = (long)i * n + j, ji = (long)j * n + i;
                float p = (float)Math.Max((conditional[ij] + conditional[ji]) * scale, 1e-12);
                conditional[ij] = p;
                conditional[ji] = p;
            }
            conditional[(long)i * n + i] = 0;
        }
        return conditional;
    }

    /// <summary>
    /// Conditional probabilities p(j | i) for one row of squared distances, with the Gaussian precision found by
    /// bisection so the row's entropy is ln(perplexity). Returns the precision reached.
    /// </summary>
    public static double Conditional(ReadOnlySpan<double> squaredDistances, int self, double perplexity, Span<double> probabilities)
    {
        int n = squaredDistances.Length;
        probabilities.Clear();
        if (n < 2) return 1;

        // Shifting by the nearest distance keeps exp() from underflowing to an all-zero row for far-apart data.
        double nearest = double.PositiveInfinity;
        for (int j = 0; j < n; j++) if (j != self) nearest = Math.Min(nearest, squaredDistances[j]);

        double target = Math.Log(perplexity);
        double beta = 1, lower = 0, upper = double.PositiveInfinity;
        for (int step = 0; step < MaxSearchSteps; step++)
        {
            double entropy = Fill(squaredDistances, self, nearest, beta, probabilities);
            double error = entropy - target;
            if (Math.Abs(error) < EntropyTolerance) break;
            if (error > 0)
            {
                lower = beta;
                beta = double.IsPositiveInfinity(upper) ? beta * 2 : (beta + upper) / 2;
            }
            else
            {
                upper = beta;
                beta = lower == 0 ? beta / 2 : (beta + lower) / 2;
            }
        }
        Fill(squaredDistances, self, nearest, beta, probabilities);
        return beta;
    }

    /// <summary>Writes the normalised Gaussian row for precision <paramref name="beta"/> and returns its entropy (nats).</summary>
    private static double Fill(ReadOnlySpan<double> distances, int self, double shift, double beta, Span<double> p)
    {
        double sum = 0, weighted = 0;
        for (int j = 0; j < distances.Length; j++)
        {
            if (j == self) { p[j] = 0; continue; }
            double d = distances[j] - shift;
            p[j] = Math.Exp(-beta * d);
            sum += p[j];
            weighted += d * p[j];
        }
        for (int j = 0; j < p.Length; j++) p[j] /= sum;
        return Math.Log(sum) + beta * weighted / sum;
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s;
    }
}
