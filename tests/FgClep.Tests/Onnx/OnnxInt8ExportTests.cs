using FgClep.Inference;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace FgClep.Tests.Onnx;

// Builds models from torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class OnnxInt8ExportTests
{
    private static double MinCosine(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        double min = 1;
        for (int i = 0; i < a.Count; i++)
        {
            double dot = 0, na = 0, nb = 0;
            for (int k = 0; k < a[i].Length; k++) { dot += a[i][k] * b[i][k]; na += a[i][k] * a[i][k]; nb += b[i][k] * b[i][k]; }
            min = Math.Min(min, dot / Math.Sqrt(na * nb));
        }
        return min;
    }

    [TestMethod]
    [DataRow(18)]
    [DataRow(50)]
    public void Int8EncoderStaysCloseToFloatAndRunsOnIntegerKernels(int depth)
    {
        using var model = OnnxExportTests.Model(depth);
        var calibration = OnnxExportTests.Signals.Take(60).ToList();
        var test = OnnxExportTests.Signals.Skip(60).ToList();
        var path = OnnxExportTests.TempPath(".onnx");
        var optimized = OnnxExportTests.TempPath(".opt.onnx");
        try
        {
            OnnxExporter.ExportEcgEncoder(model, path, OnnxExportShape.Batch, calibration);
            var proto = ModelProto.Parser.ParseFromFile(path);
            StringAssert.Contains(proto.MetadataProps.Single(p => p.Key == OnnxExporter.Int8MetadataKey).Value, "60 records");
            Assert.IsTrue(proto.Graph.Initializer.Any(t => t.DataType == (int)TensorProto.Types.DataType.Int8), "int8 weights");
            Assert.IsFalse(proto.Graph.Initializer.Any(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 4), "no float convolution weight is left");

            var expected = model.EmbedSignals(test);
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized };
            using var session = new InferenceSession(path, options);
            var actual = OnnxExportTests.RunOnnx(session, test, OnnxExporter.EmbeddingOutput);
            double cosine = MinCosine(expected, actual);
            Assert.IsGreaterThan(0.98, cosine, "every int8 embedding points where the float one does");
            Assert.IsGreaterThan(1e-5f, OnnxExportTests.MaxAbsDifference(expected, actual), "the graph is really quantized");

            // What makes it fast: ONNX Runtime fused every quantized convolution into its integer kernel.
            var ops = ModelProto.Parser.ParseFromFile(optimized).Graph.Node.Select(n => n.OpType).ToList();
            int convolutions = proto.Graph.Node.Count(n => n.OpType == "Conv");
            Assert.AreEqual(convolutions, ops.Count(o => o == "QLinearConv"), string.Join(", ", ops.Distinct()));
            Assert.DoesNotContain("Conv", ops, "no float convolution runs");
        }
        finally
        {
            File.Delete(path);
            File.Delete(optimized);
        }
    }

    [TestMethod]
    public void Int8ZeroShotClassifierKeepsTheRankingOfClassesInRowShapeToo()
    {
        using var model = OnnxExportTests.Model();
        var calibration = OnnxExportTests.Signals.Take(60).ToList();
        var test = OnnxExportTests.Signals.Skip(60).ToList();
        var floatPath = OnnxExportTests.TempPath(".onnx");
        var int8Path = OnnxExportTests.TempPath(".onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: false, floatPath, OnnxExportShape.Batch);
            OnnxExporter.ExportZeroShotClassifier(model, OnnxExportTests.Classes, ensembleOverLeads: false, int8Path, OnnxExportShape.Row, calibration);
            var expected = OnnxExportTests.RunOnnx(floatPath, test, OnnxExporter.LogitOutput);
            using var session = new InferenceSession(int8Path);
            Assert.HasCount(1, session.InputMetadata[OnnxExporter.SignalInput].Dimensions, "Row shape");
            int agree = 0;
            foreach (var (signal, i) in test.Select((s, i) => (s, i)))
            {
                using var input = OrtValue.CreateTensorValueFromMemory(signal, [signal.Length]);
                using var runOptions = new RunOptions();
                using var results = session.Run(runOptions, [OnnxExporter.SignalInput], [input], [OnnxExporter.LogitOutput]);
                var logits = results[0].GetTensorDataAsSpan<float>().ToArray();
                if (Array.IndexOf(logits, logits.Max()) == Array.IndexOf(expected[i], expected[i].Max())) agree++;
            }
            Assert.IsGreaterThanOrEqualTo(0.9 * test.Count, agree, $"top class agrees on {agree} of {test.Count}");
        }
        finally
        {
            File.Delete(floatPath);
            File.Delete(int8Path);
        }
    }

    [TestMethod]
    public void BadCalibrationSignalsAreNamed()
    {
        using var model = OnnxExportTests.Model();
        var path = OnnxExportTests.TempPath(".onnx");
        var good = OnnxExportTests.Signals[0];
        var nan = (float[])good.Clone();
        nan[17] = float.NaN;
        var cases = new (IReadOnlyList<float[]> Signals, string Expected)[]
        {
            ([], "at least one signal"),
            ([good, good[..100]], "signal 1 has 100 values"),
            ([good, nan], "signal 1 has a value that is not finite (NaN) at index 17"),
        };
        foreach (var (signals, expected) in cases)
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportEcgEncoder(model, path, OnnxExportShape.Batch, signals));
            StringAssert.Contains(e.Message, expected);
            Assert.IsFalse(File.Exists(path));
        }
    }
}
