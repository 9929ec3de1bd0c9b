using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Uses torch's process-wide RNG and measures the process: must not overlap other torch tests.
#pragma warning disable CS0618 // the legacy embedding-only save route stays tested while it exists
[TestClass]
[DoNotParallelize]
public sealed class FgClepMLNetModelTests
{
    private sealed class Row
    {
        [VectorType(FgClepMLNetModel.DefaultSignalLength)]
        public float[] Signal { get; set; } = Array.Empty<float>();
        public bool Label { get; set; }
    }

    private static ClepEncoder DefaultShapeModel()
    {
        var tok = TinyClep.Tokenizer();
        TorchSharp.torch.random.manual_seed(8);
        var network = new ClepModel(TinyClep.ModelOptions(tok) with { ProjectionSize = FgClepMLNetModel.DefaultEmbeddingSize });
        return new ClepEncoder(network, tok, new EcgPreprocessorOptions());
    }

    private static List<Row> Rows(int n)
    {
        var rng = new Random(4);
        return Enumerable.Range(0, n).Select(i =>
        {
            bool label = i % 2 == 0;
            var s = new float[FgClepMLNetModel.DefaultSignalLength];
            for (int k = 0; k < s.Length; k++) s[k] = (float)((label ? Math.Sin(k * 0.05) : Math.Cos(k * 0.11)) + 0.2 * rng.NextDouble());
            return new Row { Signal = s, Label = label };
        }).ToList();
    }

    [TestMethod]
    public void SavedChainReloadsThroughTheHelperWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(12));
        using var model = DefaultShapeModel();
        var chain = FgClepMLNetModel.EmbeddingEstimator(ml, model)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"))
            .Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"fgclep-mlnet-{Guid.NewGuid():N}.zip");
        try
        {
            FgClepMLNetModel.Save(ml, chain, data.Schema, model, path);

            var fresh = new MLContext(seed: 2);
            var loaded = FgClepMLNetModel.Load(fresh, path, out var schema, out var loadedModel);
            using (loadedModel)
            {
                Assert.IsNotNull(schema.GetColumnOrNull("Signal"));
                var expected = chain.Transform(data).GetColumn<float>("Score").ToList();
                var actual = loaded.Transform(fresh.Data.LoadFromEnumerable(Rows(12))).GetColumn<float>("Score").ToList();
                CollectionAssert.AreEqual(expected, actual);
            }

            var plain = new MLContext();
            plain.ComponentCatalog.RegisterAssembly(typeof(FgClepMLNetModel).Assembly);
            var ex = Assert.Throws<Exception>(() => plain.Model.Load(path, out _));
            var text = string.Join(" | ", Chain(ex).Select(e => e.Message));
            StringAssert.Contains(text, "FgClepMLNetModel.Load");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void NonDefaultShapeIsRefusedWithAReason()
    {
        var tok = TinyClep.Tokenizer();
        using var model = new ClepEncoder(new ClepModel(TinyClep.ModelOptions(tok)), tok, new EcgPreprocessorOptions { SampleCount = 64 });
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => FgClepMLNetModel.EmbeddingEstimator(new MLContext(), model));
        StringAssert.Contains(ex.Message, "ClepEncoder.Save");
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
