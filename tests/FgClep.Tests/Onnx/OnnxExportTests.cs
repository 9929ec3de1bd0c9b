using System.Text.Json;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Preprocessing;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Onnx;

// Seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class OnnxExportTests
{
    private static readonly Lazy<List<float[]>> SyntheticSignals = new(() =>
    {
        var preprocessor = new EcgPreprocessor(Preprocessing);
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 3, SamplingRate = 100 });
        return generator.Generate(0, 100).Select(preprocessor.Process).ToList();
    });

    internal static EcgPreprocessorOptions Preprocessing { get; } = new() { SampleCount = 1000 };

    internal static IReadOnlyList<float[]> Signals => SyntheticSignals.Value;

    /// <summary>Classes with one, two and three prompts (the export pads classes to the same prompt count).</summary>
    internal static IReadOnlyList<ZeroShotClass> Classes { get; } =
    [
        new("sinus rhythm"),
        new("atrial fibrillation", ["atrial fibrillation", "irregular rhythm atrial fibrillation"]),
        new("left bundle branch block"),
        new("st depression", ["st depression", "st depression in lead v5", "t wave inversion"]),
        new("normal ecg"),
    ];

    /// <summary>A tiny random model whose batch norms have non-trivial running statistics and affine parameters.</summary>
    internal static ClepEncoder Model(int depth = 18, int seed = 21)
    {
        var tokenizer = TinyClep.Tokenizer();
        manual_seed(seed);
        var options = TinyClep.ModelOptions(tokenizer);
        var network = new ClepModel(options with { Ecg = options.Ecg with { Depth = depth } });
        using (no_grad())
        {
            foreach (var (_, module) in network.named_modules())
            {
                if (module is not BatchNorm1d bn) continue;
                long c = bn.weight!.shape[0];
                bn.running_mean!.copy_(randn(c) * 0.3);
                bn.running_var!.copy_(rand(c) * 1.5 + 0.5);
                bn.weight.copy_(rand(c) + 0.5);
                bn.bias!.copy_(randn(c) * 0.2);
            }
        }
        return new ClepEncoder(network, tokenizer, Preprocessing);
    }

    /// <summary>Runs an exported model with ONNX Runtime; returns the named output as rows.</summary>
    internal static float[][] RunOnnx(string path, IReadOnlyList<float[]> signals, string output)
    {
        using var session = new InferenceSession(path);
        return RunOnnx(session, signals, output);
    }

    internal static float[][] RunOnnx(InferenceSession session, IReadOnlyList<float[]> signals, string output)
    {
        int per = signals[0].Length;
        var flat = new float[signals.Count * per];
        for (int i = 0; i < signals.Count; i++) signals[i].CopyTo(flat, i * per);
        using var input = OrtValue.CreateTensorValueFromMemory(flat, [signals.Count, per]);
        using var options = new RunOptions();
        using var results = session.Run(options, [OnnxExporter.SignalInput], [input], [output]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        Assert.HasCount(2, shape);
        Assert.AreEqual(signals.Count, shape[0]);
        var values = results[0].GetTensorDataAsSpan<float>().ToArray();
        int width = (int)shape[1];
        return Enumerable.Range(0, signals.Count).Select(i => values.AsSpan(i * width, width).ToArray()).ToArray();
    }

    internal static float MaxAbsDifference(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        Assert.HasCount(a.Count, b);
        float max = 0;
        for (int i = 0; i < a.Count; i++)
        {
            Assert.HasCount(a[i].Length, b[i]);
            for (int k = 0; k < a[i].Length; k++) max = Math.Max(max, Math.Abs(a[i][k] - b[i][k]));
        }
        return max;
    }

    /// <summary>Largest |a − b| / |a| over all values (a ≠ 0).</summary>
    internal static float MaxRelativeDifference(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        Assert.HasCount(a.Count, b);
        float max = 0;
        for (int i = 0; i < a.Count; i++)
        {
            Assert.HasCount(a[i].Length, b[i]);
            for (int k = 0; k < a[i].Length; k++)
            {
                Assert.AreNotEqual(0f, a[i][k]);
                max = Math.Max(max, Math.Abs(a[i][k] - b[i][k]) / Math.Abs(a[i][k]));
            }
        }
        return max;
    }

    /// <summary>Class indices by descending score (ties by index).</summary>
    internal static int[] Ranking(float[] scores) => Enumerable.Range(0, scores.Length).OrderByDescending(c => scores[c]).ThenBy(c => c).ToArray();

    internal static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), $"fgclep-onnx-{Guid.NewGuid():N}{extension}");

    [TestMethod]
    [DataRow(18, 100, nameof(EcgConvLayout.TwoDimensional))]
    [DataRow(50, 20, nameof(EcgConvLayout.TwoDimensional))]
    [DataRow(18, 40, nameof(EcgConvLayout.OneDimensional))]
    [DataRow(50, 20, nameof(EcgConvLayout.OneDimensional))]
    public void EncoderMatchesTorchSharp(int depth, int records, string layoutName)
    {
        var layout = Enum.Parse<EcgConvLayout>(layoutName);
        using var model = Model(depth);
        var signals = Signals.Take(records).ToList();
        var path = TempPath(".onnx");
        try
        {
            OnnxExporter.ExportEcgEncoder(model, path, layout);
            var kernelRanks = ModelProto.Parser.ParseFromFile(path).Graph.Node.Where(n => n.OpType is "Conv" or "MaxPool")
                .Select(n => n.Attribute.Single(a => a.Name == "kernel_shape").Ints.Count).Distinct().ToArray();
            CollectionAssert.AreEqual(new[] { layout == EcgConvLayout.OneDimensional ? 1 : 2 }, kernelRanks);
            var expected = model.EmbedSignals(signals);
            var actual = RunOnnx(path, signals, OnnxExporter.EmbeddingOutput);

            Assert.IsLessThanOrEqualTo(1e-4f, MaxAbsDifference(expected, actual));
            Assert.HasCount(model.EmbeddingSize, actual[0]);
            // The records give different embeddings, so agreement is not that of a constant output.
            Assert.IsGreaterThan(1e-2f, MaxAbsDifference(expected.Take(records / 2).ToList(), expected.Skip(records / 2).Take(records / 2).ToList()));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ZeroShotClassifierMatchesScoresAndRankings(bool ensembleOverLeads)
    {
        using var model = Model();
        var path = TempPath(".onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, Classes, ensembleOverLeads, path);
            var classifier = new ZeroShotClassifier(model, Classes, ensembleOverLeads);
            var embeddings = model.EmbedSignals(Signals);
            var expectedScores = embeddings.Select(e => classifier.Score(e)).ToArray();
            var expectedLogits = embeddings.Select(e => classifier.ScoreLogits(e)).ToArray();

            using var session = new InferenceSession(path);
            var scores = RunOnnx(session, Signals, OnnxExporter.ScoreOutput);
            var logits = RunOnnx(session, Signals, OnnxExporter.LogitOutput);

            // The probabilities are small (b = −10), so compare them relatively.
            Assert.IsLessThanOrEqualTo(1e-4f, MaxRelativeDifference(expectedScores, scores));
            Assert.IsLessThanOrEqualTo(1e-4f, MaxAbsDifference(expectedLogits, logits));
            for (int i = 0; i < Signals.Count; i++)
                CollectionAssert.AreEqual(Ranking(expectedScores[i]), Ranking(scores[i]), $"record {i}");
            // Not every record ranks the classes alike, so equal rankings say something.
            Assert.IsGreaterThan(1, scores.Select(s => string.Join(",", Ranking(s))).Distinct().Count());
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void BatchOfSevenGivesTheRowsOfSevenBatchesOfOne()
    {
        using var model = Model();
        var path = TempPath(".onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, Classes, ensembleOverLeads: false, path);
            using var session = new InferenceSession(path);
            var seven = Signals.Skip(10).Take(7).ToList();
            foreach (var output in new[] { OnnxExporter.EmbeddingOutput, OnnxExporter.ScoreOutput })
            {
                var batched = RunOnnx(session, seven, output);
                var single = seven.Select(s => RunOnnx(session, [s], output)[0]).ToList();
                Assert.IsLessThanOrEqualTo(1e-6f, MaxAbsDifference(single, batched), output);
            }
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void GraphIsOpset17WithFoldedBatchNormsAndAFlatDynamicInput()
    {
        using var model = Model();
        var path = TempPath(".onnx");
        try
        {
            OnnxExporter.ExportZeroShotClassifier(model, Classes, ensembleOverLeads: true, path);
            var onnx = ModelProto.Parser.ParseFromFile(path);

            Assert.AreEqual(17L, onnx.OpsetImport.Single(o => o.Domain == "").Version);
            var input = onnx.Graph.Input.Single();
            Assert.AreEqual(OnnxExporter.SignalInput, input.Name);
            var dims = input.Type.TensorType.Shape.Dim;
            Assert.HasCount(2, dims);
            Assert.IsFalse(string.IsNullOrEmpty(dims[0].DimParam));
            Assert.AreEqual(12L * 1000, dims[1].DimValue);
            CollectionAssert.AreEqual(new[] { OnnxExporter.ScoreOutput, OnnxExporter.LogitOutput, OnnxExporter.EmbeddingOutput },
                onnx.Graph.Output.Select(o => o.Name).ToArray());

            var ops = onnx.Graph.Node.Select(n => n.OpType).ToList();
            CollectionAssert.DoesNotContain(ops, "BatchNormalization");
            Assert.AreEqual(model.Network.EcgEncoder.modules().Count(m => m is Conv1d), ops.Count(o => o == "Conv"));

            var meta = onnx.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
            Assert.AreEqual(model.Preprocessing, JsonSerializer.Deserialize<EcgPreprocessorOptions>(meta[OnnxExporter.PreprocessingMetadataKey]));
            CollectionAssert.AreEqual(Classes.Select(c => c.Name).ToArray(), meta[OnnxExporter.ClassesMetadataKey].Split('\n'));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void MismatchedLeadsAndEmptyClassesAreRefused()
    {
        using var model = Model();
        using var sixLeads = new ClepEncoder(model.Clone().Network, model.Tokenizer, Preprocessing with { Leads = StandardLeads.Twelve.Take(6).ToArray() });
        var path = TempPath(".onnx");
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => OnnxExporter.ExportEcgEncoder(sixLeads, path));
        StringAssert.Contains(ex.Message, "12 leads");
        StringAssert.Contains(ex.Message, "6");
        Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportZeroShotClassifier(model, [], false, path));
        Assert.IsFalse(File.Exists(path));
    }
}
