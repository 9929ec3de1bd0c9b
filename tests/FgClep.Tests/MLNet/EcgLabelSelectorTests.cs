using FgClep.Datasets.Synthetic;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class EcgLabelSelectorTests
{
    public TestContext TestContext { get; set; } = null!;

    private sealed class Row
    {
        public float[] Labels = Array.Empty<float>();
        public bool[] Flags = Array.Empty<bool>();
    }

    private static readonly string[] Classes = { "NORM", "MI", "STTC" };

    private static IDataView View(MLContext ml, IEnumerable<float[]> labels)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        var names = new VBuffer<ReadOnlyMemory<char>>(3, Classes.Select(c => c.AsMemory()).ToArray());
        var namesType = new VectorDataViewType(TextDataViewType.Instance, 3);
        foreach (var (column, item) in new[] { (nameof(Row.Labels), (PrimitiveDataViewType)NumberDataViewType.Single), (nameof(Row.Flags), BooleanDataViewType.Instance) })
        {
            schema[column].ColumnType = new VectorDataViewType(item, 3);
            schema[column].AddAnnotation("SlotNames", names, namesType);
        }
        return ml.Data.LoadFromEnumerable(labels.Select(l => new Row { Labels = l, Flags = l.Select(v => v > 0.5f).ToArray() }).ToList(), schema);
    }

    [TestMethod]
    public void SelectsTheNamedSlotFromSingleAndBooleanLabels()
    {
        var ml = new MLContext(1);
        var labels = new[] { new[] { 1f, 0, 0 }, new[] { 0f, 1, 1 }, new[] { 0f, 0, 1 }, new[] { 0f, 1, 0 } };
        var data = View(ml, labels);
        var fromSingles = ml.Transforms.SelectEcgLabel("Labels", "MI").Fit(data).Transform(data).GetColumn<bool>("Label").ToArray();
        var fromBooleans = ml.Transforms.SelectEcgLabel("Flags", "STTC", "Target").Fit(data).Transform(data).GetColumn<bool>("Target").ToArray();
        CollectionAssert.AreEqual(new[] { false, true, false, true }, fromSingles);
        CollectionAssert.AreEqual(new[] { false, true, true, false }, fromBooleans);
    }

    [TestMethod]
    public void AnUnknownClassListsTheClassesAndAWrongColumnIsNamed()
    {
        var ml = new MLContext(1);
        var data = View(ml, new[] { new[] { 1f, 0, 0 } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SelectEcgLabel("Labels", "AFIB").Fit(data));
        StringAssert.Contains(e.Message, "'AFIB'");
        StringAssert.Contains(e.Message, "'NORM', 'MI', 'STTC'");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SelectEcgLabel("Nope", "MI").Fit(data));
        StringAssert.Contains(missing.Message, "'Nope'");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SelectEcgLabel("Nope", "MI").Append(ml.Transforms.CopyColumns("X", "Label")).Fit(data));
    }

    [TestMethod]
    public void ALabelThenEmbedThenTrainerPipelineSavesWithFgClep()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadSyntheticEcg(24, preprocessor: new EcgPreprocessorOptions { SampleCount = TinyClep.Samples });
        string condition = SyntheticEcgGenerator.Conditions[0];
        using var fgclep = new FgClepTransformer(TinyClep.EmbeddingModel());
        var estimator = ml.Transforms.SelectEcgLabel("Labels", condition)
            .Append(ml.Transforms.EmbedEcg(fgclep))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"));
        var pipeline = estimator.Fit(data);
        var before = pipeline.Transform(data).GetColumn<float>("Score").ToArray();
        string path = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), $"{Guid.NewGuid():N}-label.zip");
        ml.Model.SaveWithFgClep(pipeline, data.Schema, path);
        (pipeline.ElementAt(1) as IDisposable)?.Dispose();

        using var loaded = new MLContext(2).Model.LoadWithFgClep(path, out _);
        Assert.IsInstanceOfType<EcgLabelSelector>(loaded.First());
        CollectionAssert.AreEqual(before, loaded.Transform(data).GetColumn<float>("Score").ToArray());
        Assert.AreEqual(condition, ((EcgLabelSelector)loaded.First()).ClassName);
    }
}
