using FgClep.Datasets.Synthetic;

namespace FgClep.Plots;

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton, 2008): perplexity-calibrated Gaussian affinities in the input space,
/// Student-t affinities in the output space, gradient descent with early exaggeration, momentum and per-coordinate gains.
/// Cost is O(n²) time and memory per iteration, meant for up to a few thousand points. Deterministic for a given seed.
/// </summary>
public static class Tsne
{
    /// <summary>Largest input accepted: the n × n affinity matrix of exact t-SNE grows quadratically.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>
    /// Embeds <paramref name="points"/> (all of one dimensionality, finite) into <see cref="TsneOptions.Dimensions"/> dimensions.
    /// Returns one coordinate array per input point, in input order.
    /// </summary>
    public static double[][] Embed(IReadOnlyList<float[]> points, TsneOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new TsneOptions();
        options.Validate();
        ValidatePoints(points);

        int n = points.Count, dims = options.Dimensions;
        if (n == 1) return [new double[dims]];

        double perplexity = Math.Max(1.0, Math.Min(options.Perplexity, (n - 1) / 3.0));
        float[] p = TsneAffinities.Joint(points, perplexity, cancellationToken);
        double learningRate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4, 50);

        double[] y = InitialLayout(n, dims, options.Seed);
        var gradient = new double[n * dims];
        var velocity = new double[n * dims];
        var gains = new double[n * dims];
        Array.Fill(gains, 1.0);
        var rowSums = new double[n];

        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool early = iteration < options.ExaggerationIterations;
            double exaggeration = early ? options.EarlyExaggeration : 1;
            double momentum = early ? options.InitialMomentum : options.FinalMomentum;

            Gradient(p, y, n, dims, exaggeration, rowSums, gradient);
            for (int k = 0; k < y.Length; k++)
            {
                // Delta-bar-delta gains: grow a coordinate's step while the gradient keeps pushing the same way.
                bool sameDirection = Math.Sign(gradient[k]) == Math.Sign(velocity[k]);
                gains[k] = Math.Max(sameDirection ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
                velocity[k] = momentum * velocity[k] - learningRate * gains[k] * gradient[k];
                y[k] += velocity[k];
            }
            Center(y, n, dims);
        }

        var result = new double[n][];
        for (int i = 0; i < n; i++) result[i] = y.AsSpan(i * dims, dims).ToArray();
        return result;
    }

    /// <summary>KL(P‖Q) gradient; per-row sums are added in a fixed order so parallel runs stay bit-identical.</summary>
    private static void Gradient(float[] p, double[] y, int n, int dims, double exaggeration, double[] rowSums, double[] gradient)
    {
        Parallel.For(0, n, i =>
        {
            double sum = 0;
            for (int j = 0; j < n; j++) if (j != i) sum += Kernel(y, i, j, dims);
            rowSums[i] = sum;
        });
        double z = 0;
        for (int i = 0; i < n; i++) z += rowSums[i];

        Parallel.For(0, n, i =>
        {
            Span<double> g = stackalloc double[dims];
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double kernel = Kernel(y, i, j, dims);
                double force = (exaggeration * p[(long)i * n + j] - kernel / z) * kernel;
                for (int d = 0; d < dims; d++) g[d] += force * (y[i * dims + d] - y[j * dims + d]);
            }
            for (int d = 0; d < dims; d++) gradient[i * dims + d] = 4 * g[d];
        });
    }

    private static double Kernel(double[] y, int i, int j, int dims)
    {
        double s = 0;
        for (int d = 0; d < dims; d++)
        {
            double diff = y[i * dims + d] - y[j * dims + d];
            s += diff * diff;
        }
        return 1 / (1 + s);
    }

    private static double[] InitialLayout(int n, int dims, int seed)
    {
        var random = new Random(seed);
        var y = new double[n * dims];
        for (int k = 0; k < y.Length; k++)
        {
            // Box–Muller; 1 − U keeps the logarithm finite.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            y[k] = 1e-4 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return y;
    }

    private static void Center(double[] y, int n, int dims)
    {
        for (int d = 0; d < dims; d++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += y[i * dims + d];
            mean /= n;
            for (int i = 0; i < n; i++) y[i * dims + d] -= mean;
        }
    }

    private static void ValidatePoints(IReadOnlyList<float[]> points)
    {
        if (points.Count == 0) throw new ArgumentException("t-SNE needs at least one point.", nameof(points));
        if (points.Count > MaxPoints)
            throw new ArgumentException(
                $"Exact t-SNE keeps an n × n affinity matrix; {points.Count} points is more than the {MaxPoints} supported. Subsample first.",
                nameof(points));
        int width = points[0]?.Length ?? throw new ArgumentException("Point 0 is null.", nameof(points));
        if (width == 0) throw new ArgumentException("Points have no coordinates.", nameof(points));
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i] ?? throw new ArgumentException($"Point {i} is null.", nameof(points));
            if (point.Length != width)
                throw new ArgumentException($"Point {i} has {point.Length} coordinates; expected {width} like point 0.", nameof(points));
            for (int k = 0; k < width; k++)
                if (!float.IsFinite(point[k]))
                    throw new ArgumentException($"Point {i} coordinate {k} is {point[k]}; t-SNE needs finite values.", nameof(points));
        }
    }
}
