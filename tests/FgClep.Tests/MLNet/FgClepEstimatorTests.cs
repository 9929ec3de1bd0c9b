using FgClep.MLNet;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Uses torch's process-wide RNG and measures the process: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class FgClepEstimatorTests
{
    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
        public bool Label;
    }

    private static IDataView Data(MLContext ml, int count, int seed = 2)
    {
        var pairs = TinyClep.Data(count, seed);
        var rows = Enumerable.Range(0, count).Select(i => new Row
        {
            Signal = pairs.Signal(i).ToArray(), Report = pairs.Report(i), Label = pairs.Report(i).Contains("fibrillation"),
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, TinyClep.Leads * TinyClep.Samples);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static FgClepPretrainOptions Options()
    {
        var tok = TinyClep.Tokenizer();
        return new FgClepPretrainOptions
        {
            Model = TinyClep.ModelOptions(tok),
            Training = new ClepTrainerOptions { Epochs = 2, BatchSize = 4, LearningRate = 1e-3, Seed = 4 },
            Preprocessing = new EcgPreprocessorOptions { SampleCount = TinyClep.Samples },
            MaxTokens = 32,
        };
    }

    [TestMethod]
    public void ARandomTextEncoderIsReportedThroughLog()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        using var _ = ml.Transforms.PretrainFgClep(Options() with { Log = messages.Add, Training = Options().Training with { Epochs = 1 } }).Fit(Data(ml, 8));
        Assert.HasCount(1, messages);
        Assert.Contains("RANDOM weights", messages[0]);
        Assert.Contains("PretrainedTextEncoder", messages[0]);
    }

    [TestMethod]
    public void PretrainedTextEncoderAndTextEncoderPathTogetherAreRejected()
    {
        var ml = new MLContext(seed: 1);
        var options = Options() with { TextEncoderPath = "models/bert", PretrainedTextEncoder = PretrainedTextEncoder.MiniLmL6V2 };
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.PretrainFgClep(options).Fit(Data(ml, 8)));
        Assert.Contains("models/bert", error.Message);
        Assert.Contains("all-MiniLM-L6-v2", error.Message);
    }

    [TestMethod]
    public void PretrainedTextEncoderBringsItsConfigVocabularyAndPooling()
    {
        var encoder = PretrainedTextEncoder.ArcticEmbedXs;
        try { encoder.FindPackageAssembly(); }
        catch (FileNotFoundException ex) { Assert.Inconclusive(ex.Message); }
        var cache = Directory.CreateTempSubdirectory("fgclep-estimator-text-encoder").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            var options = Options() with
            {
                PretrainedTextEncoder = encoder, TextEncoderCacheDirectory = cache, Log = messages.Add,
                Training = Options().Training with { Epochs = 1 },
            };
            using var transformer = ml.Transforms.PretrainFgClep(options).Fit(Data(ml, 8));
            var text = transformer.Model.Network.TextEncoder;
            Assert.AreEqual(TextPooling.Cls, text.Pooling, "the encoder's pooling replaces Model.TextPooling (Mean)");
            Assert.AreEqual(384, text.HiddenSize);
            Assert.AreEqual(6, text.Config.NumHiddenLayers);
            Assert.AreEqual(30522, transformer.Model.Tokenizer.VocabularySize);
            Assert.IsTrue(transformer.Model.Tokenizer.LowerCase);
            Assert.IsEmpty(messages, "no random-encoder warning");
            Assert.IsTrue(File.Exists(Path.Combine(cache, "text-encoders", "snowflake-arctic-embed-xs-24.9.52193", "NOTICE.txt")));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [TestMethod]
    public void ChainsWithANativeTrainerAndEmbedsEveryRow()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 16);
        var pipeline = ml.Transforms.PretrainFgClep(Options())
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"));
        var model = pipeline.Fit(data); // EstimatorChain propagates the schema through our estimator first
        var scored = model.Transform(data);
        var embeddings = scored.GetColumn<float[]>("EcgEmbedding").ToList();
        Assert.HasCount(16, embeddings);
        foreach (var e in embeddings)
        {
            Assert.HasCount(8, e);
            Assert.AreEqual(1.0, Math.Sqrt(e.Sum(v => (double)v * v)), 1e-4, "embeddings are L2-normalised");
        }
        Assert.HasCount(16, scored.GetColumn<float>("Score").ToList());
        (model.First() as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalEmbeddings()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 12);
        using var transformer = ml.Transforms.PretrainFgClep(Options()).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"fgclep-model-{Guid.NewGuid():N}.zip");
        try
        {
            transformer.Save(path);
            using var loaded = FgClepTransformer.Load(path);
            var a = transformer.Transform(data).GetColumn<float[]>("EcgEmbedding").ToList();
            var b = loaded.Transform(data).GetColumn<float[]>("EcgEmbedding").ToList();
            for (int i = 0; i < a.Count; i++) CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
            Assert.AreEqual(transformer.Model.Network.LogitScale.ToSingle(), loaded.Model.Network.LogitScale.ToSingle());
            CollectionAssert.AreEqual(transformer.Model.Tokenizer.Vocabulary.ToList(), loaded.Model.Tokenizer.Vocabulary.ToList());
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void NativeSaveFailsWithAPointerToOurPackage()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 8);
        using var transformer = ml.Transforms.PretrainFgClep(Options() with { Training = Options().Training with { Epochs = 1 } }).Fit(data);
        using var stream = new MemoryStream();
        var ex = Assert.Throws<Exception>(() => ml.Model.Save(transformer, data.Schema, stream));
        var messages = string.Join(" | ", Flatten(ex).Select(e => e.Message));
        StringAssert.Contains(messages, "FgClepTransformer.Save");
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 4);
        var wrongSignal = new FgClepPretrainEstimator(Options() with { SignalColumnName = "Waveform" });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => wrongSignal.Fit(data));
        StringAssert.Contains(ex.Message, "Could not find signal column 'Waveform'");

        var wrongSize = new FgClepPretrainEstimator(Options() with { Preprocessing = new EcgPreprocessorOptions { SampleCount = 50 } });
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => wrongSize.Fit(data));
        StringAssert.Contains(ex.Message, "expected Vector<Single, 600>");
        StringAssert.Contains(ex.Message, "Vector<Single, 768>");

        var wrongReport = new FgClepPretrainEstimator(Options() with { ReportColumnName = "Label" });
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => wrongReport.Fit(data));
        StringAssert.Contains(ex.Message, "report column 'Label'");
    }

    [TestMethod]
    public void NamedReportColumnAddsTextEmbeddingsThatMatchTheModel()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 8);
        // The chain propagates the schema before fitting, so Concatenate proves both columns are declared with known sizes.
        var chain = ml.Transforms.PretrainFgClep(Options() with { TextOutputColumnName = "TextEmbedding" })
            .Append(ml.Transforms.Concatenate("Both", "EcgEmbedding", "TextEmbedding"))
            .Fit(data);
        using var transformer = (FgClepTransformer)chain.First();
        var scored = chain.Transform(data);
        Assert.HasCount(16, scored.GetColumn<float[]>("Both").First());
        var reports = scored.GetColumn<string>("Report").ToList();
        var text = scored.GetColumn<float[]>("TextEmbedding").ToList();
        var expected = transformer.Model.EmbedTexts(reports);
        for (int i = 0; i < reports.Count; i++)
            for (int k = 0; k < expected[i].Length; k++) Assert.AreEqual(expected[i][k], text[i][k], 1e-5f, $"row {i}");
    }

    [TestMethod]
    public void MaxTokensBeyondThePositionEmbeddingsIsRefusedBeforeTraining()
    {
        var ml = new MLContext(seed: 1);
        var options = Options();
        var estimator = new FgClepPretrainEstimator(options with { MaxTokens = options.Model.Text.MaxPositionEmbeddings + 1 });
        var ex = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(Data(ml, 4)));
        StringAssert.Contains(ex.Message, "max_position_embeddings");
    }

    [TestMethod]
    public void ContinuingFromAnInitialModelLeavesItUnchanged()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 8);
        using var stage1 = ml.Transforms.PretrainFgClep(Options()).Fit(data);
        var before = stage1.Transform(data).GetColumn<float[]>("EcgEmbedding").First();
        using var stage2 = ml.Transforms.PretrainFgClep(Options() with { InitialModel = stage1 }).Fit(data);
        var after1 = stage1.Transform(data).GetColumn<float[]>("EcgEmbedding").First();
        var after2 = stage2.Transform(data).GetColumn<float[]>("EcgEmbedding").First();
        CollectionAssert.AreEqual(before, after1, "stage 1 model must not change");
        CollectionAssert.AreNotEqual(before, after2, "stage 2 continued training");
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    [TestMethod]
    public void TrainingFromAnOnDiskCacheSeesTheSameBatchesAsFromMemoryAndAKeyedCacheIsReused()
    {
        var ml = new MLContext(seed: 1);
        // Values float16 holds exactly: the cache then hands the trainer the very numbers memory would.
        var pairs = TinyClep.Data(12, 3);
        var rows = Enumerable.Range(0, pairs.Count).Select(i => new Row
        {
            Signal = pairs.Signal(i).ToArray().Select(v => (float)(Half)v).ToArray(), Report = pairs.Report(i),
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, TinyClep.Leads * TinyClep.Samples);
        var view = ml.Data.LoadFromEnumerable(rows, schema);
        var cache = Directory.CreateTempSubdirectory("fgclep-estimator-cache").FullName;
        try
        {
            var inMemory = new FgClepPretrainEstimator(Options() with { Log = _ => { } });
            inMemory.Fit(view).Dispose();

            var written = new List<int>();
            var cached = new FgClepPretrainEstimator(Options() with
            {
                Log = _ => { }, TrainingCacheDirectory = cache, TrainingCacheKey = "tiny-12", CacheProgress = new SynchronousProgress(written),
            });
            cached.Fit(view).Dispose();
            Assert.IsFalse(cached.ReusedTrainingCache);
            Assert.AreEqual(12, cached.TrainingPairs);
            CollectionAssert.AreEqual(Enumerable.Range(1, 12).ToList(), written);
            CollectionAssert.AreEqual(inMemory.Losses.ToList(), cached.Losses.ToList(), "the same pairs in the same order give the same steps");

            var again = new FgClepPretrainEstimator(Options() with { Log = _ => { }, TrainingCacheDirectory = cache, TrainingCacheKey = "tiny-12" });
            again.Fit(ml.Data.LoadFromEnumerable(rows.Take(2).ToList(), schema)).Dispose(); // the key says the data is unchanged
            Assert.IsTrue(again.ReusedTrainingCache);
            Assert.AreEqual(12, again.TrainingPairs);
            CollectionAssert.AreEqual(cached.Losses.ToList(), again.Losses.ToList());

            var unkeyed = new FgClepPretrainEstimator(Options() with { Log = _ => { }, TrainingCacheDirectory = cache });
            unkeyed.Fit(ml.Data.LoadFromEnumerable(rows.Take(8).ToList(), schema)).Dispose();
            Assert.IsFalse(unkeyed.ReusedTrainingCache, "without a key the view is written again");
            Assert.AreEqual(8, unkeyed.TrainingPairs);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private sealed class SynchronousProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
