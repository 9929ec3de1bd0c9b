using System.Text.Json;
using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.Inference;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Cli;

// Pre-training seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class CliExportOnnxTests
{
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void CreateModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("cli-onnx");
        _model = CliTestRun.PretrainModel(Path.Combine(_dir, "run"));
    }

    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void EncoderEmbeddingsMatchTorchSharp()
    {
        var path = Path.Combine(_dir, "out", "encoder.onnx");
        var (code, output, error) = CliTestRun.Run("export-onnx", "--model", _model, "--output", path, "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("ecg-encoder", json.RootElement.GetProperty("kind").GetString());
        Assert.AreEqual(OnnxExporter.SignalInput, json.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.AreEqual(12_000, json.RootElement.GetProperty("inputs")[0].GetProperty("shape")[1].GetInt32());
        Assert.AreEqual(OnnxExporter.EmbeddingOutput, json.RootElement.GetProperty("outputs")[0].GetProperty("name").GetString());

        var config = Path.Combine(_dir, "out", "encoder.config.json");
        Assert.AreEqual(config, json.RootElement.GetProperty("config").GetString());
        using (var saved = JsonDocument.Parse(File.ReadAllText(config)))
            Assert.AreEqual(path, saved.RootElement.GetProperty("output").GetString());

        using var model = ClepEncoder.Load(_model);
        var signals = CliTestRun.SyntheticRecords().Take(4).Select(model.Preprocessor.Process).ToList();
        var expected = model.EmbedSignals(signals);
        var actual = Run(path, signals, OnnxExporter.EmbeddingOutput);
        Assert.HasCount(model.EmbeddingSize, actual[0]);
        for (int i = 0; i < signals.Count; i++)
            for (int k = 0; k < expected[i].Length; k++) Assert.AreEqual(expected[i][k], actual[i][k], 1e-4, $"record {i}, value {k}");
    }

    [TestMethod]
    public void ZeroShotClassesMayContainCommasAndScoreAsTheLibrary()
    {
        var path = Path.Combine(_dir, "zero-shot.onnx");
        var (code, output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", path, "--class", "sinus rhythm, normal axis", "--class", "atrial fibrillation", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        CollectionAssert.AreEqual(new[] { "sinus rhythm, normal axis", "atrial fibrillation" },
            json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "Score", "Logit", "EcgEmbedding" },
            json.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToArray());

        using var session = new InferenceSession(path);
        Assert.AreEqual("sinus rhythm, normal axis\natrial fibrillation", session.ModelMetadata.CustomMetadataMap[OnnxExporter.ClassesMetadataKey]);

        using var model = ClepEncoder.Load(_model);
        var classifier = new ZeroShotClassifier(model, [new ZeroShotClass("sinus rhythm, normal axis"), new ZeroShotClass("atrial fibrillation")]);
        var signals = CliTestRun.SyntheticRecords().Skip(10).Take(3).Select(model.Preprocessor.Process).ToList();
        var embeddings = model.EmbedSignals(signals);
        var logits = Run(path, signals, OnnxExporter.LogitOutput);
        for (int i = 0; i < signals.Count; i++)
        {
            var expected = classifier.ScoreLogits(embeddings[i]);
            for (int c = 0; c < 2; c++) Assert.AreEqual(expected[c], logits[i][c], 1e-3, $"record {i}, class {c}");
        }
    }

    [TestMethod]
    public void ClassesFromTheDataSourceLabels()
    {
        var path = Path.Combine(_dir, "from-data.onnx");
        var (code, output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", path, "--zero-shot-from-data", "--synthetic", "20", "--ensemble", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        CollectionAssert.AreEqual(SyntheticEcgGenerator.Conditions.ToArray(),
            json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ToArray());
        Assert.IsTrue(json.RootElement.GetProperty("ensemble").GetBoolean());
        Assert.AreEqual(SyntheticEcgGenerator.Conditions.Count, json.RootElement.GetProperty("outputs")[0].GetProperty("shape")[1].GetInt32());
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "from-data.config.json")));
    }

    [TestMethod]
    public void PtbXlClassesUseTheStatementDescriptionsAsPrompts()
    {
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        var path = Path.Combine(_dir, "ptbxl-super.onnx");
        var (code, output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", path, "--zero-shot-from-data", "--ptbxl", ptbxl, "--task", "super", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        var database = PtbXlDatabase.Load(ptbxl);
        var classes = PtbXlPrompts.Classes(database, PtbXlTask.Super);
        CollectionAssert.AreEqual(classes.Select(c => c.Name).ToArray(),
            json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ToArray());

        using var model = ClepEncoder.Load(_model);
        var classifier = new ZeroShotClassifier(model, classes);
        var signals = CliTestRun.SyntheticRecords().Take(2).Select(model.Preprocessor.Process).ToList();
        var embeddings = model.EmbedSignals(signals);
        var logits = Run(path, signals, OnnxExporter.LogitOutput);
        for (int i = 0; i < signals.Count; i++)
        {
            var expected = classifier.ScoreLogits(embeddings[i]);
            for (int c = 0; c < classes.Count; c++) Assert.AreEqual(expected[c], logits[i][c], 1e-3, $"record {i}, class {classes[c].Name}");
        }
    }

    [TestMethod]
    public void HumanOutputShowsShapesAndTheMLNetCall()
    {
        var path = Path.Combine(_dir, "human.onnx");
        var (code, output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", path);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "[batch, 12000]");
        StringAssert.Contains(output, "ApplyOnnxModel");
        StringAssert.Contains(output, path);
    }

    [TestMethod]
    public void RowShapeTakesOneEcgAndScoresAsTheBatchShape()
    {
        var batchPath = Path.Combine(_dir, "shape-batch.onnx");
        var rowPath = Path.Combine(_dir, "shape-row.onnx");
        var (code, _, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", batchPath, "--class", "a", "--class", "b");
        Assert.AreEqual(0, code, error);
        (code, var output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", rowPath, "--class", "a", "--class", "b", "--shape", "row", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("row", json.RootElement.GetProperty("shape").GetString());
        static long[] Dims(JsonElement tensor) => tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        CollectionAssert.AreEqual(new[] { 12_000L }, Dims(json.RootElement.GetProperty("inputs")[0]));
        CollectionAssert.AreEqual(new[] { 2L }, Dims(json.RootElement.GetProperty("outputs").EnumerateArray()
            .Single(o => o.GetProperty("name").GetString() == OnnxExporter.ScoreOutput)));

        using var model = ClepEncoder.Load(_model);
        var signal = model.Preprocessor.Process(CliTestRun.SyntheticRecords().First());
        var batched = Run(batchPath, new[] { signal }, OnnxExporter.ScoreOutput)[0];
        using var session = new InferenceSession(rowPath);
        using var input = OrtValue.CreateTensorValueFromMemory(signal, new long[] { signal.Length });
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, new[] { OnnxExporter.SignalInput }, new[] { input }, new[] { OnnxExporter.ScoreOutput });
        var row = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.HasCount(2, row);
        for (int c = 0; c < 2; c++) Assert.AreEqual(batched[c], row[c], 1e-6 + 1e-5 * batched[c], $"class {c}");

        (code, _, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", rowPath, "--shape", "rows");
        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, "--shape 'rows' is not one of batch, row");
    }

    [TestMethod]
    public void Int8ExportCalibratesOnTheDataSourceAndStaysCloseToFloat()
    {
        var floatPath = Path.Combine(_dir, "int8-float.onnx");
        var int8Path = Path.Combine(_dir, "int8.onnx");
        var (code, _, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", floatPath);
        Assert.AreEqual(0, code, error);
        (code, var output, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", int8Path, "--int8", "--synthetic", "40", "--calibration-records", "30", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.IsTrue(json.RootElement.GetProperty("int8").GetBoolean());
        Assert.AreEqual(30, json.RootElement.GetProperty("calibrationRecords").GetInt32());

        using var model = ClepEncoder.Load(_model);
        var signals = CliTestRun.SyntheticRecords().Skip(40).Take(8).Select(model.Preprocessor.Process).ToList();
        var expected = Run(floatPath, signals, OnnxExporter.EmbeddingOutput);
        var actual = Run(int8Path, signals, OnnxExporter.EmbeddingOutput);
        for (int i = 0; i < signals.Count; i++)
        {
            double cosine = expected[i].Zip(actual[i], (a, b) => (double)a * b).Sum();
            Assert.IsGreaterThan(0.98, cosine, $"record {i}");
        }
    }

    [TestMethod]
    [DataRow("--int8", "--int8 without a data source")]
    [DataRow("--int8 --synthetic 10 --calibration-records 0", "--calibration-records 0")]
    [DataRow("--calibration-records 10", "--calibration-records without --int8")]
    public void Int8FlagsWithoutWhatTheyNeedAreBadInput(string flags, string message)
    {
        var path = Path.Combine(_dir, "bad-int8.onnx");
        var (code, _, error) = CliTestRun.Run(new[] { "export-onnx", "-m", _model, "-o", path }.Concat(flags.Split(' ')).ToArray());
        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, message);
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    [DataRow("--ensemble")]
    [DataRow("--class a --class a")]
    [DataRow("--class a --zero-shot-from-data --synthetic 20")]
    [DataRow("--zero-shot-from-data")]
    [DataRow("--zero-shot-from-data --wfdb {empty}")]
    public void BadClassFlagsAreBadInput(string flags)
    {
        var path = Path.Combine(_dir, "bad.onnx");
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var (code, _, error) = CliTestRun.Run(new[] { "export-onnx", "-m", _model, "-o", path }.Concat(flags.Replace("{empty}", empty, StringComparison.Ordinal).Split(' ')).ToArray());
        Assert.AreEqual(2, code, error);
        StringAssert.StartsWith(error, "error: ");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void BadOutputOrModelIsBadInput()
    {
        var (code, _, error) = CliTestRun.Run("export-onnx", "-m", _model, "-o", Path.Combine(_dir, "model.txt"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, ".onnx");

        var missing = Path.Combine(_dir, "missing.fgclep");
        (code, _, error) = CliTestRun.Run("export-onnx", "-m", missing, "-o", Path.Combine(_dir, "m.onnx"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, missing);
    }

    private static float[][] Run(string onnxPath, IReadOnlyList<float[]> signals, string outputName)
    {
        using var session = new InferenceSession(onnxPath);
        int per = signals[0].Length;
        var buffer = signals.SelectMany(s => s).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, [signals.Count, per]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExporter.SignalInput], [input], [outputName]);
        var values = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        int d = values.Length / signals.Count;
        return Enumerable.Range(0, signals.Count).Select(i => values.AsSpan(i * d, d).ToArray()).ToArray();
    }
}
