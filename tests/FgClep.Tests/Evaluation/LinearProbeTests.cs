using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.Evaluation;

[TestClass]
public sealed class LinearProbeTests
{
    private const int Dimension = 8;
    private static readonly double[] Prevalence = { 0.3, 0.2, 0.1 };

    /// <summary>Labels drawn with <see cref="Prevalence"/>; with <paramref name="separable"/>, label c shifts the embedding along axis c.</summary>
    private static LinearProbeSplit Split(int count, int seed, bool separable, double[]? prevalence = null)
    {
        prevalence ??= Prevalence;
        var rng = new Random(seed);
        var embeddings = new List<float[]>();
        var labels = new List<float[]>();
        for (int i = 0; i < count; i++)
        {
            var y = prevalence.Select(p => rng.NextDouble() < p ? 1f : 0f).ToArray();
            var e = new float[Dimension];
            for (int k = 0; k < Dimension; k++) e[k] = (float)Gaussian(rng);
            if (separable)
                for (int c = 0; c < y.Length; c++) e[c] += 2.5f * y[c];
            embeddings.Add(e);
            labels.Add(y);
        }
        return new LinearProbeSplit(embeddings, labels, new[] { "A", "B", "C" }.Take(prevalence.Length).ToArray());
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static LinearProbeOptions Fast => new() { L2Grid = new[] { 0.01f, 1f }, Bootstrap = new BootstrapOptions { Resamples = 200 } };

    [TestMethod]
    public void SeparableEmbeddingsGiveHighAurocAtEveryFraction()
    {
        // Every label in every subset (the random 1 % subset of 800 records could miss the rarest).
        var probe = new LinearProbe(new MLContext(seed: 1), Fast with { MinExamplesPerLabel = 1 });
        var results = probe.Run(Split(800, 1, true), Split(200, 2, true), Split(400, 3, true));
        Assert.HasCount(3, results);
        CollectionAssert.AreEqual(new[] { 0.01, 0.1, 1.0 }, results.Select(r => r.Fraction).ToArray());
        Assert.IsGreaterThan(0.95, results[2].TestMacroAuroc);
        Assert.IsGreaterThan(0.8, results[0].TestMacroAuroc, "even a handful of records separate these labels");
        foreach (var r in results)
        {
            Assert.IsEmpty(r.ExcludedLabels);
            var ci = r.Bootstrap!.MacroAuroc;
            Assert.AreEqual(r.TestMacroAuroc, ci.Estimate, 1e-12);
            Assert.IsLessThanOrEqualTo(ci.Estimate, ci.Lower);
            Assert.IsGreaterThanOrEqualTo(ci.Estimate, ci.Upper);
            Assert.Contains(r.SharedL2!.Value, Fast.L2Grid.ToList());
            CollectionAssert.AreEqual(new[] { "A", "B", "C" }, r.Labels.Select(l => l.Name).ToArray());
        }
        Assert.AreEqual(800, results[2].TrainCount);
    }

    [TestMethod]
    public void RandomEmbeddingsGiveChanceAuroc()
    {
        var probe = new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 1.0 } });
        var result = probe.Run(Split(800, 4, false), Split(200, 5, false), Split(800, 6, false)).Single();
        Assert.IsGreaterThan(0.4, result.TestMacroAuroc);
        Assert.IsLessThan(0.6, result.TestMacroAuroc);
    }

    [TestMethod]
    public void OnePercentSubsetsAreSeededRandomSubsetsByDefault()
    {
        var train = Split(1000, 7, true);
        var probe = new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 0.01, 0.1 } });
        var results = probe.Run(train, Split(200, 8, true), Split(300, 9, true));
        CollectionAssert.AreEqual(new[] { 10, 100 }, results.Select(r => r.TrainCount).ToArray(), "exactly round(f·N) records");

        // The same seed gives the same subset, another seed another one, and the 1 % subset lies inside the 10 % one.
        var order = LinearProbe.Shuffle(train.Count, 0);
        var a = LinearProbe.Subset(train.Labels, 0.01, order, 0);
        CollectionAssert.AreEqual(a, LinearProbe.Subset(train.Labels, 0.01, LinearProbe.Shuffle(train.Count, 0), 0));
        CollectionAssert.AreNotEqual(a, LinearProbe.Subset(train.Labels, 0.01, LinearProbe.Shuffle(train.Count, 1), 0));
        Assert.IsTrue(a.All(LinearProbe.Subset(train.Labels, 0.1, order, 0).Contains));

        // A label the subset happens to miss is excluded and named, not forced in: with seed 3, the 1 % subset of 300
        // records holds no positive of C (prevalence 0.1).
        var small = Split(300, 16, true);
        var draw = LinearProbe.Subset(small.Labels, 0.01, LinearProbe.Shuffle(small.Count, 3), 0);
        Assert.IsFalse(draw.Any(i => small.Labels[i][2] > 0.5f), "the case this test is about");
        var missed = new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 0.01 }, Seed = 3 }).Run(small, Split(100, 17, true), Split(200, 18, true)).Single();
        Assert.AreEqual(3, missed.TrainCount);
        CollectionAssert.Contains(missed.ExcludedLabels.ToArray(), "C");
        StringAssert.Contains(missed.Labels[2].ExclusionReason, "none drawn");
    }

    [TestMethod]
    public void ForcedSubsetsKeepEveryLabelRepresented()
    {
        var train = Split(1000, 7, true);
        var probe = new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 0.01 }, MinExamplesPerLabel = 1 });
        var result = probe.Run(train, Split(200, 8, true), Split(300, 9, true)).Single();
        Assert.IsGreaterThanOrEqualTo(10, result.TrainCount);
        Assert.IsLessThanOrEqualTo(10 + 2 * 3, result.TrainCount);
        foreach (var label in result.Labels)
        {
            Assert.IsGreaterThanOrEqualTo(1, label.TrainPositives, label.Name);
            Assert.IsGreaterThanOrEqualTo(1, label.TrainNegatives, label.Name);
            Assert.AreEqual(result.TrainCount, label.TrainPositives + label.TrainNegatives);
        }

        // Subsets of one shuffle are nested apart from the few added for rare labels.
        var order = LinearProbe.Shuffle(train.Count, 0);
        var a = LinearProbe.Subset(train.Labels, 0.01, order, 1);
        var ten = LinearProbe.Subset(train.Labels, 0.1, order, 1);
        Assert.IsGreaterThanOrEqualTo(8, a.Count(ten.Contains));
    }

    [TestMethod]
    public void LabelsWithoutPositivesAreExcludedWithTheReason()
    {
        var prevalence = new[] { 0.3, 0.0, 0.2 };
        var test = Split(300, 12, true);
        // Class C has no positives in the test split.
        var testLabels = test.Labels.Select(l => new[] { l[0], l[1], 0f }).ToArray();
        var probe = new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 0.1, 1.0 } });
        var results = probe.Run(Split(400, 10, true, prevalence), Split(100, 11, true, prevalence), test with { Labels = testLabels });
        foreach (var r in results)
        {
            CollectionAssert.AreEqual(new[] { "B", "C" }, r.ExcludedLabels.ToArray());
            StringAssert.Contains(r.Labels[1].ExclusionReason, "training split has none");
            StringAssert.Contains(r.Labels[2].ExclusionReason, "test split");
            Assert.IsNull(r.Labels[1].L2);
            Assert.IsTrue(double.IsNaN(r.Labels[1].TestAuroc));
            Assert.AreEqual(r.Labels[0].TestAuroc, r.TestMacroAuroc, 1e-12, "the macro average runs over the evaluated label only");
        }
    }

    [TestMethod]
    public void TheTrainerFactoryIsUsedForEveryLabelAndGridValue()
    {
        int calls = 0;
        var seen = new List<float>();
        var options = Fast with
        {
            Fractions = new[] { 0.5, 1.0 },
            SelectL2PerLabel = true,
            TrainerFactory = (ml, label, features, l2) =>
            {
                calls++;
                seen.Add(l2);
                return ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features, l2Regularization: l2 + 1e-4f, maximumNumberOfIterations: 20);
            },
        };
        var results = new LinearProbe(new MLContext(seed: 1), options).Run(Split(300, 13, true), Split(100, 14, true), Split(200, 15, true));
        Assert.AreEqual(2 * 3 * 2, calls);
        CollectionAssert.AreEquivalent(new[] { 0.01f, 1f }, seen.Distinct().ToArray());
        foreach (var r in results)
        {
            Assert.IsNull(r.SharedL2);
            Assert.IsGreaterThan(0.9, r.TestMacroAuroc);
            foreach (var l in r.Labels) Assert.IsNotNull(l.L2);
        }
    }

    [TestMethod]
    public void ResultsAreReproducible()
    {
        LinearProbeResult Run() => new LinearProbe(new MLContext(seed: 1), Fast with { Fractions = new[] { 0.05 } })
            .Run(Split(400, 16, true), Split(100, 17, true), Split(200, 18, true)).Single();
        var (a, b) = (Run(), Run());
        Assert.AreEqual(a.TestMacroAuroc, b.TestMacroAuroc);
        Assert.AreEqual(a.TrainCount, b.TrainCount);
        Assert.AreEqual(a.Bootstrap!.MacroAuroc.Lower, b.Bootstrap!.MacroAuroc.Lower);
    }

    [TestMethod]
    public void BadInputIsRefused()
    {
        var ml = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LinearProbe(ml, new LinearProbeOptions { Fractions = new[] { 0.0 } }));
        Assert.ThrowsExactly<ArgumentException>(() => new LinearProbe(ml, new LinearProbeOptions { L2Grid = Array.Empty<float>() }));
        var probe = new LinearProbe(ml, Fast);
        var good = Split(50, 1, true);
        var wider = new LinearProbeSplit(good.Embeddings.Select(e => e.Append(0f).ToArray()).ToArray(), good.Labels);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => probe.Run(good, wider, good));
        StringAssert.Contains(ex.Message, "validation split has 9-value embeddings");
        var ragged = good with { Labels = good.Labels.Take(49).ToArray() };
        ex = Assert.ThrowsExactly<ArgumentException>(() => probe.Run(ragged, good, good));
        StringAssert.Contains(ex.Message, "50 embeddings but 49 label rows");
        var nan = good with { Embeddings = good.Embeddings.Select((e, i) => i == 3 ? e.Select(_ => float.NaN).ToArray() : e).ToArray() };
        ex = Assert.ThrowsExactly<ArgumentException>(() => probe.Run(good, good, nan));
        StringAssert.Contains(ex.Message, "Embedding 3 of the test split holds NaN");
    }

    private sealed class Row
    {
        public float[] EcgEmbedding = Array.Empty<float>();
        public float[] Labels = Array.Empty<float>();
    }

    [TestMethod]
    public void SplitsReadFromADataViewKeepTheSlotNames()
    {
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.EcgEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var labels = schema[nameof(Row.Labels)];
        labels.ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        labels.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(2, new[] { "NORM".AsMemory(), "MI".AsMemory() }),
            new VectorDataViewType(TextDataViewType.Instance, 2));
        var view = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { EcgEmbedding = new[] { 1f, 2f }, Labels = new[] { 1f, 0f } },
            new Row { EcgEmbedding = new[] { 3f, 4f }, Labels = new[] { 0f, 1f } },
        }, schema);
        var split = LinearProbeSplit.FromDataView(view);
        Assert.AreEqual(2, split.Count);
        CollectionAssert.AreEqual(new[] { "NORM", "MI" }, split.ClassNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 3f, 4f }, split.Embeddings[1]);
        CollectionAssert.AreEqual(new[] { 0f, 1f }, split.Labels[1]);
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LinearProbeSplit.FromDataView(view, labelsColumnName: "Label"));
        StringAssert.Contains(ex.Message, "Could not find labels column 'Label'");
    }
}
