using FgClep.Datasets;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class SignalBatchDataViewTests
{
    private const int SignalLength = TinyClep.Leads * TinyClep.Samples;

    private sealed class Row
    {
        public int Id;
        public string Report = "";
        public float[] Labels = Array.Empty<float>();
        public float[] Signal = Array.Empty<float>();
    }

    private sealed class SignalOnly
    {
        public float[] Signal = Array.Empty<float>();
    }

    private sealed class Embedded
    {
        public float[] EcgEmbedding = Array.Empty<float>();
    }

    private sealed class Scored
    {
        public float[] Score = Array.Empty<float>();
        public bool[] PredictedLabels = Array.Empty<bool>();
        [KeyType(2)]
        public uint PredictedLabel { get; set; }
    }

    private static ClepEncoder TinyModel(int batchSize)
    {
        var model = TinyClep.EmbeddingModel();
        model.BatchSize = batchSize;
        return model;
    }

    private static List<Row> Rows(int count)
    {
        var data = TinyClep.Data(count);
        return Enumerable.Range(0, count).Select(i => new Row
        {
            Id = 100 + i, Report = $"report {i}", Labels = new[] { i % 2f, i % 3f, i }, Signal = data.Signal(i).ToArray(),
        }).ToList();
    }

    private static IDataView View(MLContext ml, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        schema[nameof(Row.Labels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static SchemaDefinition SignalSchema()
    {
        var schema = SchemaDefinition.Create(typeof(SignalOnly));
        schema[nameof(SignalOnly.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        return schema;
    }

    [TestMethod]
    public void EmbeddingsMatchThePredictionEngineAcrossBatchBoundariesAndInputColumnsPassThrough()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(10); // batches of 4: 4 + 4 + 2
        using var transformer = new FgClepTransformer(TinyModel(batchSize: 4));
        var output = transformer.Transform(View(ml, rows));
        Assert.AreEqual(transformer.GetOutputSchema(View(ml, rows).Schema).ToString(), output.Schema.ToString());

        var engine = ml.Model.CreatePredictionEngine<SignalOnly, Embedded>(transformer, inputSchemaDefinition: SignalSchema());
        var ids = output.GetColumn<int>("Id").ToList();
        var reports = output.GetColumn<string>("Report").ToList();
        var labels = output.GetColumn<float[]>("Labels").ToList();
        var embeddings = output.GetColumn<float[]>("EcgEmbedding").ToList();
        Assert.HasCount(rows.Count, embeddings);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual(rows[i].Id, ids[i]);
            Assert.AreEqual(rows[i].Report, reports[i]);
            CollectionAssert.AreEqual(rows[i].Labels, labels[i], $"row {i}");
            var expected = engine.Predict(new SignalOnly { Signal = rows[i].Signal }).EcgEmbedding;
            Assert.HasCount(expected.Length, embeddings[i]);
            for (int k = 0; k < expected.Length; k++) Assert.AreEqual(expected[k], embeddings[i][k], 1e-5f, $"row {i}, dimension {k}");
        }
    }

    [TestMethod]
    public void ReadingOnlyInputColumnsNeverRunsTheModel()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(6);
        var transformer = new FgClepTransformer(TinyModel(batchSize: 4));
        var output = transformer.Transform(View(ml, rows));
        transformer.Dispose(); // the network is gone: any model call now fails

        CollectionAssert.AreEqual(rows.Select(r => r.Id).ToArray(), output.GetColumn<int>("Id").ToArray());
        Assert.ThrowsExactly<ObjectDisposedException>(() => output.GetColumn<float[]>("EcgEmbedding").ToList());
    }

    [TestMethod]
    public void AGetterOfTheWrongTypeIsRefusedWithTheColumnName()
    {
        var ml = new MLContext(seed: 1);
        using var transformer = new FgClepTransformer(TinyModel(batchSize: 4));
        var output = transformer.Transform(View(ml, Rows(3)));
        using var cursor = output.GetRowCursor(output.Schema);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<float>(output.Schema["EcgEmbedding"]));
        StringAssert.Contains(e.Message, "EcgEmbedding");
        var inactive = output.GetRowCursor(new[] { output.Schema["Id"] });
        Assert.IsFalse(inactive.IsColumnActive(output.Schema["EcgEmbedding"]));
        Assert.ThrowsExactly<InvalidOperationException>(() => inactive.GetGetter<VBuffer<float>>(output.Schema["EcgEmbedding"]));
        Assert.ThrowsExactly<InvalidOperationException>(() => { var g = cursor.GetGetter<int>(output.Schema["Id"]); int v = 0; g(ref v); },
            "a getter called before MoveNext");
        inactive.Dispose();
    }

    [TestMethod]
    public void ZeroShotScoresMatchThePredictionEngineAcrossBatchBoundaries()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(9); // batches of 4: 4 + 4 + 1
        var classes = new[] { new ZeroShotClass("AFIB", new[] { "atrial fibrillation" }), new ZeroShotClass("normal ecg") };
        using var transformer = new ZeroShotEcgTransformer(TinyModel(batchSize: 4), new ZeroShotEcgOptions { Classes = classes, Threshold = 0.5f });
        var output = transformer.Transform(View(ml, rows));
        Assert.AreEqual(transformer.GetOutputSchema(View(ml, rows).Schema).ToString(), output.Schema.ToString());
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        output.Schema["Score"].GetSlotNames(ref slotNames);
        CollectionAssert.AreEqual(new[] { "AFIB", "normal ecg" }, slotNames.DenseValues().Select(m => m.ToString()).ToArray());

        var engine = ml.Model.CreatePredictionEngine<SignalOnly, Scored>(transformer, inputSchemaDefinition: SignalSchema());
        var scored = ml.Data.CreateEnumerable<Scored>(output, reuseRowObject: false).ToList();
        Assert.HasCount(rows.Count, scored);
        for (int i = 0; i < rows.Count; i++)
        {
            var expected = engine.Predict(new SignalOnly { Signal = rows[i].Signal });
            for (int c = 0; c < classes.Length; c++) Assert.AreEqual(expected.Score[c], scored[i].Score[c], 1e-6f, $"row {i}, class {c}");
            CollectionAssert.AreEqual(expected.PredictedLabels, scored[i].PredictedLabels, $"row {i}");
            Assert.AreEqual(expected.PredictedLabel, scored[i].PredictedLabel, $"row {i}");
        }
    }
}
