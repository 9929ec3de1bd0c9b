using FgClep.Datasets.Synthetic;
using FgClep.Plots;

namespace FgClep.Tests.Plots;

[TestClass]
public sealed class TsneTests
{
    private static readonly TsneOptions Fast = new() { Iterations = 350, ExaggerationIterations = 100, Perplexity = 15 };

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary><paramref name="clusters"/> Gaussian blobs (unit spread) in <paramref name="dims"/>-D around centres with spread 4 per axis (about 40 apart in 50-D).</summary>
    private static (List<float[]> Points, int[] Labels) Blobs(int clusters, int perCluster, int dims, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, dims).Select(_ => 4 * Gaussian(rng)).ToArray()).ToArray();
        var points = new List<float[]>();
        var labels = new List<int>();
        for (int c = 0; c < clusters; c++)
            for (int i = 0; i < perCluster; i++)
            {
                points.Add(centres[c].Select(m => (float)(m + Gaussian(rng))).ToArray());
                labels.Add(c);
            }
        return (points, labels.ToArray());
    }

    /// <summary>Share of each point's k nearest 2-D neighbours with the same label, averaged.</summary>
    private static double KnnPurity(double[][] y, int[] labels, int k)
    {
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            var nearest = Enumerable.Range(0, y.Length).Where(j => j != i)
                .OrderBy(j => Math.Pow(y[i][0] - y[j][0], 2) + Math.Pow(y[i][1] - y[j][1], 2)).Take(k);
            total += nearest.Count(j => labels[j] == labels[i]) / (double)k;
        }
        return total / y.Length;
    }

    [TestMethod]
    public void SeparatedClustersIn50DimensionsStaySeparatedIn2()
    {
        var (points, labels) = Blobs(clusters: 4, perCluster: 40, dims: 50, seed: 7);
        var y = Tsne.Embed(points, Fast);

        Assert.HasCount(points.Count, y);
        Assert.IsTrue(y.All(p => p.Length == 2 && p.All(double.IsFinite)));
        Assert.IsGreaterThan(0.95, KnnPurity(y, labels, k: 5));

        // Each cluster's 2-D centroid is farther from every other centroid than the cluster's own mean radius.
        var centroids = Enumerable.Range(0, 4).Select(c => Centroid(y, labels, c)).ToArray();
        for (int c = 0; c < 4; c++)
        {
            double radius = Enumerable.Range(0, y.Length).Where(i => labels[i] == c).Average(i => Distance(y[i], centroids[c]));
            for (int d = 0; d < 4; d++)
                if (d != c) Assert.IsGreaterThan(2 * radius, Distance(centroids[c], centroids[d]), $"clusters {c} and {d}");
        }
    }

    [TestMethod]
    public void SameSeedGivesIdenticalOutputAndAnotherSeedDoesNot()
    {
        var (points, _) = Blobs(clusters: 3, perCluster: 15, dims: 10, seed: 2);
        var options = new TsneOptions { Iterations = 120, ExaggerationIterations = 50, Perplexity = 8, Seed = 5 };
        var a = Tsne.Embed(points, options);
        var b = Tsne.Embed(points, options);
        var c = Tsne.Embed(points, new TsneOptions { Iterations = 120, ExaggerationIterations = 50, Perplexity = 8, Seed = 6 });
        for (int i = 0; i < a.Length; i++) CollectionAssert.AreEqual(a[i], b[i]);
        Assert.IsTrue(Enumerable.Range(0, a.Length).Any(i => a[i][0] != c[i][0]));
    }

    [TestMethod]
    public void CalibrationReachesThePerplexityEntropy()
    {
        var rng = new Random(4);
        var distances = Enumerable.Range(0, 60).Select(_ => 500 + 300 * rng.NextDouble()).ToArray(); // far apart: exercises the shift
        distances[9] = 0;
        var p = new double[60];
        foreach (double perplexity in new[] { 2.0, 10.0, 30.0 })
        {
            double beta = TsneAffinities.Conditional(distances, self: 9, perplexity, p);
            Assert.AreEqual(0, p[9]);
            Assert.AreEqual(1, p.Sum(), 1e-9);
            double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
            Assert.AreEqual(Math.Log(perplexity), entropy, 1e-4, $"perplexity {perplexity}");
            Assert.IsGreaterThan(0, beta);
        }
    }

    [TestMethod]
    public void JointAffinitiesAreSymmetricAndSumToOne()
    {
        var (points, _) = Blobs(clusters: 2, perCluster: 10, dims: 5, seed: 3);
        var p = TsneAffinities.Joint(points, perplexity: 5, CancellationToken.None);
        int n = points.Count;
        Assert.AreEqual(1, p.Sum(v => (double)v), 1e-5);
        for (int i = 0; i < n; i++)
        {
            Assert.AreEqual(0f, p[i * n + i]);
            for (int j = 0; j < n; j++) Assert.AreEqual(p[i * n + j], p[j * n + i]);
        }
    }

    [TestMethod]
    public void TinyAndDegenerateInputsGiveFiniteLayouts()
    {
        CollectionAssert.AreEqual(new double[] { 0, 0 }, Tsne.Embed([new float[] { 1, 2, 3 }])[0]);

        var two = Tsne.Embed([new float[] { 0, 0 }, new float[] { 1, 1 }], Fast);
        Assert.IsTrue(two.SelectMany(p => p).All(double.IsFinite));

        var identical = Enumerable.Range(0, 12).Select(_ => new float[] { 3, 3, 3 }).ToList();
        Assert.IsTrue(Tsne.Embed(identical, Fast).SelectMany(p => p).All(double.IsFinite));

        var threeD = Tsne.Embed(identical, new TsneOptions { Dimensions = 3, Iterations = 20 });
        Assert.IsTrue(threeD.All(p => p.Length == 3));
    }

    [TestMethod]
    public void BadInputIsRejectedWithTheOffendingPoint()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Tsne.Embed([]));
        var ragged = Assert.ThrowsExactly<ArgumentException>(() => Tsne.Embed([new float[] { 1, 2 }, new float[] { 1 }]));
        StringAssert.Contains(ragged.Message, "Point 1 has 1 coordinates; expected 2");
        var nan = Assert.ThrowsExactly<ArgumentException>(() => Tsne.Embed([new float[] { 1, 2 }, new float[] { 1, float.NaN }]));
        StringAssert.Contains(nan.Message, "Point 1 coordinate 1 is NaN");
        var empty = Assert.ThrowsExactly<ArgumentException>(() => Tsne.Embed([Array.Empty<float>()]));
        StringAssert.Contains(empty.Message, "no coordinates");

        var one = new List<float[]> { new float[] { 1 } };
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Tsne.Embed(one, new TsneOptions { Perplexity = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Tsne.Embed(one, new TsneOptions { Iterations = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Tsne.Embed(one, new TsneOptions { FinalMomentum = 1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Tsne.Embed(one, new TsneOptions { LearningRate = double.NaN }));
        var tooMany = Enumerable.Range(0, Tsne.MaxPoints + 1).Select(_ => new float[] { 0 }).ToList();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Tsne.Embed(tooMany)).Message, "Subsample");
    }

    [TestMethod]
    public void CancellationStopsTheRun()
    {
        var (points, _) = Blobs(clusters: 2, perCluster: 10, dims: 5, seed: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Tsne.Embed(points, Fast, cancelled.Token));
    }

    private static double[] Centroid(double[][] y, int[] labels, int c)
    {
        var members = Enumerable.Range(0, y.Length).Where(i => labels[i] == c).ToArray();
        return [members.Average(i => y[i][0]), members.Average(i => y[i][1])];
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2));
}
