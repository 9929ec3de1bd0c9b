using FgClep.Inference;
using FgClep.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.Onnx;

// Builds models from torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class OnnxMLNetTests
{
    private sealed class SignalRow
    {
        public float[] Signal { get; set; } = [];
    }

    private sealed class EcgRow
    {
        public float[] Ecg { get; set; } = [];
    }

    /// <summary>Rows whose vector column has the preprocessed signal's length, set at run time.</summary>
    private static IDataView Load<TRow>(MLContext ml, IEnumerable<TRow> rows, string column) where TRow : class
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[column].ColumnType = new VectorDataViewType(NumberDataViewType.Single, OnnxExportTests.Signals[0].Length);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    [TestMethod]
    public void PlainApplyOnnxModelPipelineSavesLoadsAndMatchesTheZeroShotClassifier()
    {
        using var model = OnnxExportTests.Model();
        var onnxPath = OnnxExportTests.TempPath(".onnx");
        var zipPath = OnnxExportTests.TempPath(".zip");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: true, onnxPath);
            var classifier = new ZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: true);
            var expected = model.EmbedSignals(OnnxExportTests.Signals).Select(e => classifier.Score(e)).ToArray();

            var ml = new MLContext(seed: 1);
            var data = Load(ml, OnnxExportTests.Signals.Select(s => new SignalRow { Signal = s }), "Signal");
            var pipeline = ml.Transforms.ApplyOnnxModel(["Score"], ["Signal"], onnxPath);
            var fitted = pipeline.Fit(data);
            ml.Model.Save(fitted, data.Schema, zipPath);
            File.Delete(onnxPath); // the zip must carry the ONNX model itself

            // A fresh context that has never seen an FgClep type.
            var fresh = new MLContext(seed: 2);
            var loaded = fresh.Model.Load(zipPath, out var inputSchema);
            Assert.IsNotNull(inputSchema.GetColumnOrNull("Signal"));
            var scores = loaded.Transform(Load(fresh, OnnxExportTests.Signals.Select(s => new SignalRow { Signal = s }), "Signal"))
                .GetColumn<float[]>("Score").ToArray();

            Assert.IsLessThanOrEqualTo(1e-4f, OnnxExportTests.MaxRelativeDifference(expected, scores));
            for (int i = 0; i < expected.Length; i++)
                CollectionAssert.AreEqual(OnnxExportTests.Ranking(expected[i]), OnnxExportTests.Ranking(scores[i]), $"record {i}");
        }
        finally
        {
            File.Delete(onnxPath);
            File.Delete(zipPath);
        }
    }

    [TestMethod]
    public void HelperRenamesTheSignalColumnAndRoundTripsThroughAModelZip()
    {
        using var model = OnnxExportTests.Model();
        var onnxPath = OnnxExportTests.TempPath(".onnx");
        var zipPath = OnnxExportTests.TempPath(".zip");
        try
        {
            OnnxExporter.ExportEcgEncoder(model, onnxPath);
            var signals = OnnxExportTests.Signals.Take(20).ToList();
            var expected = model.EmbedSignals(signals);

            var ml = new MLContext(seed: 1);
            var data = Load(ml, signals.Select(s => new EcgRow { Ecg = s }), "Ecg");
            var fitted = ml.Transforms.ApplyFgClepOnnx(onnxPath, signalColumnName: "Ecg").Fit(data);
            var direct = fitted.Transform(data).GetColumn<float[]>(OnnxExporter.EmbeddingOutput).ToArray();
            ml.Model.Save(fitted, data.Schema, zipPath);

            var fresh = new MLContext(seed: 2);
            var loaded = fresh.Model.Load(zipPath, out _);
            var reloaded = loaded.Transform(Load(fresh, signals.Select(s => new EcgRow { Ecg = s }), "Ecg"))
                .GetColumn<float[]>(OnnxExporter.EmbeddingOutput).ToArray();

            Assert.IsLessThanOrEqualTo(1e-4f, OnnxExportTests.MaxAbsDifference(expected, direct));
            Assert.AreEqual(0f, OnnxExportTests.MaxAbsDifference(direct, reloaded));
        }
        finally
        {
            File.Delete(onnxPath);
            File.Delete(zipPath);
        }
    }

    [TestMethod]
    public void RowShapeGivesTheColumnTypesOfFgClepsOwnTransformsAndTheSameScores()
    {
        using var model = OnnxExportTests.Model();
        var rowPath = OnnxExportTests.TempPath(".onnx");
        var batchPath = OnnxExportTests.TempPath(".onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: false, rowPath, OnnxExportShape.Row);
            OnnxExporter.ExportZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: false, batchPath, OnnxExportShape.Batch);
            var signals = OnnxExportTests.Signals.Take(10).ToList();
            var ml = new MLContext(seed: 1);
            var data = Load(ml, signals.Select(s => new SignalRow { Signal = s }), "Signal");

            var row = ml.Transforms.ApplyFgClepOnnx(rowPath).Fit(data).Transform(data);
            var batch = ml.Transforms.ApplyFgClepOnnx(batchPath).Fit(data).Transform(data);
            int classes = OnnxExportTests.Classes.Count;
            foreach (var (name, width) in new[] { (OnnxExporter.ScoreOutput, classes), (OnnxExporter.LogitOutput, classes), (OnnxExporter.EmbeddingOutput, model.EmbeddingSize) })
            {
                var rowType = (VectorDataViewType)row.Schema[name].Type;
                CollectionAssert.AreEqual(new[] { width }, rowType.Dimensions.ToArray(), $"{name}: Row gives Vector<Single, {width}>");
                CollectionAssert.AreEqual(new[] { 1, width }, ((VectorDataViewType)batch.Schema[name].Type).Dimensions.ToArray(), $"{name}: Batch gives Vector<Single, 1, {width}>");
                // Not bit-equal: ONNX Runtime picks kernels by the shapes it knows.
                Assert.IsLessThanOrEqualTo(1e-5f, OnnxExportTests.MaxRelativeDifference(batch.GetColumn<float[]>(name).ToArray(), row.GetColumn<float[]>(name).ToArray()), name);
            }

            // What the Row shape is for: the same column type as ZeroShotEcg's Score, which ML.NET's evaluators read.
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, classes), row.Schema[OnnxExporter.ScoreOutput].Type);

            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(rowPath);
            CollectionAssert.AreEqual(new[] { OnnxExportTests.Signals[0].Length }, session.InputMetadata[OnnxExporter.SignalInput].Dimensions);
        }
        finally
        {
            File.Delete(rowPath);
            File.Delete(batchPath);
        }
    }

    [TestMethod]
    public void HelperNamesAMissingOutputAndAMissingFile()
    {
        using var model = OnnxExportTests.Model();
        var onnxPath = OnnxExportTests.TempPath(".onnx");
        try
        {
            OnnxExporter.ExportEcgEncoder(model, onnxPath);
            var ml = new MLContext();
            var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ApplyFgClepOnnx(onnxPath, outputColumnNames: ["Score"]));
            StringAssert.Contains(ex.Message, "Score");
            StringAssert.Contains(ex.Message, OnnxExporter.EmbeddingOutput);
            Assert.ThrowsExactly<FileNotFoundException>(() => ml.Transforms.ApplyFgClepOnnx(onnxPath + ".missing"));
        }
        finally { File.Delete(onnxPath); }
    }
}
