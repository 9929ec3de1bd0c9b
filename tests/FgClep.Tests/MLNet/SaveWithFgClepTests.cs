using System.IO.Compression;
using FgClep.Datasets;
using FgClep.Enrichment.Proposers;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class SaveWithFgClepTests
{
    private const int SignalLength = TinyClep.Leads * TinyClep.Samples;

    public TestContext TestContext { get; set; } = null!;

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
        public bool Label;
    }

    private static ClepEncoder TinyModel(int seed = 5)
    {
        return TinyClep.EmbeddingModel(seed);
    }

    private static IDataView Data(MLContext ml, int count)
    {
        var pairs = TinyClep.Data(count);
        var rows = Enumerable.Range(0, count).Select(i => new Row { Signal = pairs.Signal(i).ToArray(), Report = pairs.Report(i), Label = i % 2 == 0 }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private string TempPath(string name) => Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");

    [TestMethod]
    public void AnEmbeddingAndAnMLNetTrainerSaveAndLoadWithEqualScores()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 16);
        string path = TempPath("probe.zip");
        float[] before;
        using (var embed = new FgClepTransformer(TinyModel(), reportColumnName: "Report"))
        {
            var trainer = ml.Transforms.NormalizeMinMax("Features", "EcgEmbedding")
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "Features"))
                .Fit(embed.Transform(data));
            var pipeline = new TransformerChain<ITransformer>(embed, trainer);
            before = pipeline.Transform(data).GetColumn<float>("Score").ToArray();
            ml.Model.SaveWithFgClep(pipeline, data.Schema, path);
        }

        var other = new MLContext(seed: 2);
        using var loaded = other.Model.LoadWithFgClep(path, out var schema);
        Assert.AreEqual(data.Schema.ToString(), schema.ToString());
        var after = loaded.Transform(Data(other, 16));
        CollectionAssert.AreEqual(before, after.GetColumn<float>("Score").ToArray());
        Assert.AreEqual(16, after.GetColumn<float[]>("TextEmbedding").Count(), "the report column is embedded again");
        Assert.IsFalse(File.Exists(path + ".tmp"));
    }

    [TestMethod]
    public void TheReadmeChainOfEmbedEcgAndAnMLNetTrainerRoundTrips()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 12);
        string path = TempPath("readme.zip");
        float[] before;
        using (var fgclep = new FgClepTransformer(TinyModel()))
        {
            var pipeline = ml.Transforms.EmbedEcg(fgclep).Append(ml.Clustering.Trainers.KMeans("EcgEmbedding", numberOfClusters: 3)).Fit(data);
            before = pipeline.Transform(data).GetColumn<float[]>("Score").SelectMany(x => x).ToArray();
            ml.Model.SaveWithFgClep(pipeline, data.Schema, path);
            (pipeline.First() as IDisposable)?.Dispose();
        }
        var loaded = ml.Model.LoadWithFgClep(path, out _);
        CollectionAssert.AreEqual(before, loaded.Transform(data).GetColumn<float[]>("Score").SelectMany(x => x).ToArray());
        loaded.Dispose(); // the chain disposes its steps, and with them the FgClep model
        var e = Assert.Throws<Exception>(() => loaded.Transform(data).GetColumn<float[]>("Score").ToList());
        Assert.IsInstanceOfType<ObjectDisposedException>(e.GetBaseException(), e.ToString());
    }

    [TestMethod]
    public void MLNetStepsBeforeAndAfterZeroShotKeepTheirOrderAndOutput()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 10);
        string path = TempPath("zeroshot.zip");
        var classes = new[] { new ZeroShotClass("AFIB", new[] { "atrial fibrillation" }), new ZeroShotClass("normal ecg") };
        float[][] before;
        using (var zeroShot = new ZeroShotEcgTransformer(TinyModel(), new ZeroShotEcgOptions { Classes = classes, SignalColumnName = "Copy" }))
        {
            var copy = ml.Transforms.CopyColumns("Copy", "Signal").Fit(data);
            var scale = ml.Transforms.NormalizeMinMax("Scaled", "Score").Fit(zeroShot.Transform(copy.Transform(data)));
            var pipeline = copy.Append(zeroShot).Append(scale);
            before = pipeline.Transform(data).GetColumn<float[]>("Scaled").ToArray();
            ml.Model.SaveWithFgClep(pipeline, data.Schema, path);
            ml.Model.SaveWithFgClep(pipeline, data.Schema, path); // a second save replaces the first
        }

        using var loaded = new MLContext(seed: 3).Model.LoadWithFgClep(path, out _);
        CollectionAssert.AreEqual(new[] { "ColumnCopyingTransformer", "ZeroShotEcgTransformer", "NormalizingTransformer" },
            loaded.Select(t => t.GetType().Name).ToArray());
        var after = loaded.Transform(Data(new MLContext(1), 10)).GetColumn<float[]>("Scaled").ToArray();
        Assert.HasCount(before.Length, after);
        for (int i = 0; i < before.Length; i++) CollectionAssert.AreEqual(before[i], after[i], $"row {i}");
    }

    [TestMethod]
    public void APlainMLNetLoadNamesTheCallToUse()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 4);
        string path = TempPath("plain.zip");
        using (var embed = new FgClepTransformer(TinyModel())) ml.Model.SaveWithFgClep(embed, data.Schema, path);
        // ML.NET builds each step by reflection, so the message arrives wrapped in TargetInvocationExceptions; the root cause
        // is ours, with or without the FgClep assembly in ML.NET's component catalog.
        var plain = new MLContext();
        var registered = new MLContext();
        registered.ComponentCatalog.RegisterAssembly(typeof(FgClepTransformer).Assembly);
        foreach (var context in new[] { plain, registered })
        {
            var e = Assert.Throws<Exception>(() => context.Model.Load(path, out _));
            StringAssert.Contains(e.GetBaseException().Message, "mlContext.Model.LoadWithFgClep(path, out inputSchema)");
        }
    }

    [TestMethod]
    public void EnrichmentIsRefusedAndAnMLNetStepThatCannotBeSavedIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, 8);
        using var clep = new FgClepTransformer(TinyModel());
        var enrichment = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default, threshold: 0.5).Fit(data);
        var refused = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.SaveWithFgClep(enrichment, data.Schema, TempPath("enrich.zip")));
        StringAssert.Contains(refused.Message, "WaveformEnrichmentTransformer");

        var custom = ml.Transforms.CustomMapping((Row src, Row dst) => dst.Label = !src.Label, contractName: null).Fit(data);
        var unsaved = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Model.SaveWithFgClep(new TransformerChain<ITransformer>(clep, custom), data.Schema, TempPath("custom.zip")));
        StringAssert.Contains(unsaved.Message, "CustomMappingTransformer");
    }

    [TestMethod]
    public void DamagedOrForeignFilesGiveErrorsThatNameTheFile()
    {
        var ml = new MLContext(seed: 1);
        string notZip = TempPath("notzip.zip");
        File.WriteAllText(notZip, "hello");
        var e1 = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadWithFgClep(notZip, out _));
        StringAssert.Contains(e1.Message, notZip);

        string plain = TempPath("mlnet.zip");
        var data = Data(ml, 4);
        ml.Model.Save(ml.Transforms.CopyColumns("Copy", "Signal").Fit(data), data.Schema, plain);
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadWithFgClep(plain, out _));
        StringAssert.Contains(e2.Message, "SaveWithFgClep");

        string newer = TempPath("newer.zip");
        using (var embed = new FgClepTransformer(TinyModel())) ml.Model.SaveWithFgClep(embed, data.Schema, newer);
        using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            zip.GetEntry("FgClep/pipeline.json")!.Delete();
            using var w = new StreamWriter(zip.CreateEntry("FgClep/pipeline.json").Open());
            w.Write("{\"FormatVersion\": 99, \"Steps\": []}");
        }
        var e3 = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadWithFgClep(newer, out _));
        StringAssert.Contains(e3.Message, "format 99");
        Assert.ThrowsExactly<FileNotFoundException>(() => ml.Model.LoadWithFgClep(TempPath("missing.zip"), out _));
    }
}
