using System.IO.Compression;
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
public sealed class ZeroShotEcgTests
{
    private const int SignalLength = TinyClep.Leads * TinyClep.Samples;

    private static readonly ZeroShotClass[] Classes =
    {
        new("AFIB", new[] { "atrial fibrillation" }),
        new("LBBB", new[] { "left bundle branch block", "st depression" }),
        new("normal ecg"),
    };

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
    }

    private sealed class Prediction
    {
        public float[] Score = Array.Empty<float>();
        public bool[] PredictedLabels = Array.Empty<bool>();
        public uint PredictedLabel { get; set; }
    }

    private static ClepEncoder TinyModel(int seed = 5)
    {
        return TinyClep.EmbeddingModel(seed);
    }

    private static List<float[]> Signals(int count) => Enumerable.Range(0, count).Select(i => TinyClep.Data(count).Signal(i).ToArray()).ToList();

    private static IDataView View(MLContext ml, IEnumerable<float[]> signals, string column = "Signal", int length = SignalLength)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        schema[nameof(Row.Signal)].ColumnName = column;
        return ml.Data.LoadFromEnumerable(signals.Select(s => new Row { Signal = s }).ToList(), schema);
    }

    [TestMethod]
    public void ScoresAreTheClassifierProbabilitiesAndPredictionsFollowTheThreshold()
    {
        var ml = new MLContext(seed: 1);
        var signals = Signals(10);
        using var model = TinyModel();
        var expected = model.EmbedSignals(signals).Select(e => new ZeroShotClassifier(model, Classes).Score(e)).ToList();
        // A threshold inside the range of the scores, so that both outcomes occur.
        float threshold = expected.SelectMany(s => s).Order().ElementAt(15);
        using var transformer = new ZeroShotEcgTransformer(model.Clone(), new ZeroShotEcgOptions { Classes = Classes, Threshold = threshold });
        var scored = transformer.Transform(View(ml, signals));
        var scores = scored.GetColumn<float[]>("Score").ToList();
        var predicted = scored.GetColumn<bool[]>("PredictedLabels").ToList();
        var labels = scored.GetColumn<uint>("PredictedLabel").ToList();
        var names = ml.Transforms.Conversion.MapKeyToValue("Name", "PredictedLabel").Fit(scored).Transform(scored).GetColumn<string>("Name").ToList();
        Assert.HasCount(10, scores);
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.HasCount(Classes.Length, scores[i]);
            for (int c = 0; c < Classes.Length; c++)
            {
                Assert.AreEqual(expected[i][c], scores[i][c], 1e-6f, $"row {i}, class {c}");
                Assert.AreEqual(scores[i][c] >= threshold, predicted[i][c], $"row {i}, class {c}");
            }
            var logits = transformer.Classifier.ScoreLogits(model.EmbedSignals(new[] { signals[i] })[0]);
            int best = Array.IndexOf(logits, logits.Max());
            Assert.AreEqual((uint)best + 1, labels[i], $"row {i}: keys count from 1");
            Assert.AreEqual(Classes[best].Name, names[i], $"row {i}");
        }
        var all = predicted.SelectMany(p => p).ToList();
        Assert.Contains(true, all);
        Assert.Contains(false, all);
    }

    [TestMethod]
    public void OutputColumnsHaveTypesAndSlotNames()
    {
        using var transformer = new ZeroShotEcgTransformer(TinyModel(), new ZeroShotEcgOptions { Classes = Classes });
        var schema = transformer.GetOutputSchema(View(new MLContext(1), Signals(1)).Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), schema["Score"].Type);
        Assert.AreEqual(new VectorDataViewType(BooleanDataViewType.Instance, 3), schema["PredictedLabels"].Type);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 3), schema["PredictedLabel"].Type);
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        schema["PredictedLabel"].GetKeyValues(ref keyValues);
        CollectionAssert.AreEqual(new[] { "AFIB", "LBBB", "normal ecg" }, keyValues.DenseValues().Select(n => n.ToString()).ToArray());
        foreach (var column in new[] { "Score", "PredictedLabels" })
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            schema[column].GetSlotNames(ref names);
            CollectionAssert.AreEqual(new[] { "AFIB", "LBBB", "normal ecg" }, names.DenseValues().Select(n => n.ToString()).ToArray(), column);
        }
        CollectionAssert.AreEqual(new[] { "AFIB", "LBBB", "normal ecg" }, transformer.ClassNames.ToArray());
    }

    [TestMethod]
    public void TheLeadEnsembleNeverScoresLower()
    {
        var signals = Signals(6);
        using var model = TinyModel();
        var plain = new ZeroShotClassifier(model, Classes);
        var ensemble = new ZeroShotClassifier(model, Classes, ensembleOverLeads: true);
        bool anyHigher = false;
        foreach (var e in model.EmbedSignals(signals))
        {
            float[] a = plain.ScoreLogits(e), b = ensemble.ScoreLogits(e);
            for (int c = 0; c < a.Length; c++)
            {
                Assert.IsGreaterThanOrEqualTo(a[c], b[c]);
                anyHigher |= b[c] > a[c];
            }
        }
        Assert.IsTrue(anyHigher, "the 12 lead prompts are different texts, so some must score higher");
        using var transformer = new ZeroShotEcgTransformer(model.Clone(), new ZeroShotEcgOptions { Classes = Classes, EnsembleOverLeads = true });
        var score = transformer.Transform(View(new MLContext(1), signals.Take(1))).GetColumn<float[]>("Score").Single();
        Assert.AreEqual(ClepEncoder.Sigmoid(ensemble.ScoreLogits(model.EmbedSignals(signals.Take(1).ToList())[0])[0]), score[0], 1e-6f);
    }

    [TestMethod]
    public void TheCatalogEstimatorChainsAndLeavesTheModelUsable()
    {
        var ml = new MLContext(seed: 1);
        var data = View(ml, Signals(5));
        using var fgclep = new FgClepTransformer(TinyModel());
        var pipeline = ml.Transforms.ZeroShotEcg(fgclep, Classes, scoreColumnName: "ClassScores")
            .Append(ml.Transforms.Concatenate("Features", "ClassScores"));
        var fitted = pipeline.Fit(data); // schema propagation runs through our estimator first
        var features = fitted.Transform(data).GetColumn<float[]>("Features").ToList();
        Assert.HasCount(5, features);
        Assert.HasCount(3, features[0]);
        (fitted.First() as IDisposable)?.Dispose();
        Assert.HasCount(5, fgclep.Transform(data).GetColumn<float[]>("EcgEmbedding").ToList(), "the estimator worked on a copy");
    }

    [TestMethod]
    public void PredictionEngineScoresOneRow()
    {
        var ml = new MLContext(seed: 1);
        var signals = Signals(2);
        using var transformer = new ZeroShotEcgTransformer(TinyModel(), new ZeroShotEcgOptions { Classes = Classes });
        var input = SchemaDefinition.Create(typeof(Row));
        input[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        var output = SchemaDefinition.Create(typeof(Prediction));
        output[nameof(Prediction.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
        output[nameof(Prediction.PredictedLabels)].ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, 3);
        output[nameof(Prediction.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(transformer, inputSchemaDefinition: input, outputSchemaDefinition: output);
        var prediction = engine.Predict(new Row { Signal = signals[1] });
        // Transform embeds both signals in one batch, the engine one signal alone: equal up to float rounding of the batch.
        var expected = transformer.Transform(View(ml, signals)).GetColumn<float[]>("Score").Last();
        Assert.HasCount(expected.Length, prediction.Score);
        for (int c = 0; c < expected.Length; c++) Assert.AreEqual(expected[c], prediction.Score[c], 1e-6f, $"class {c}");
        var expectedKey = transformer.Transform(View(ml, signals)).GetColumn<uint>("PredictedLabel").Last();
        Assert.AreEqual(expectedKey, prediction.PredictedLabel, "the engine's key is the batched transform's");
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var data = View(ml, Signals(4));
        var options = new ZeroShotEcgOptions { Classes = Classes, EnsembleOverLeads = true, Threshold = 0.25f, ScoreColumnName = "P" };
        using var transformer = new ZeroShotEcgTransformer(TinyModel(), options);
        var path = Path.Combine(Path.GetTempPath(), $"fgclep-zeroshot-{Guid.NewGuid():N}.zip");
        try
        {
            transformer.Save(path);
            using var loaded = ZeroShotEcgTransformer.Load(path);
            Assert.AreEqual(0.25f, loaded.Options.Threshold);
            Assert.IsTrue(loaded.Options.EnsembleOverLeads);
            Assert.AreEqual("P", loaded.Options.ScoreColumnName);
            CollectionAssert.AreEqual(Classes[1].Prompts.ToArray(), loaded.Options.Classes[1].Prompts.ToArray());
            Assert.IsEmpty(loaded.Options.Classes[2].Prompts);
            var a = transformer.Transform(data).GetColumn<float[]>("P").ToList();
            var b = loaded.Transform(data).GetColumn<float[]>("P").ToList();
            for (int i = 0; i < a.Count; i++) CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void LoadRejectsForeignAndNewerFiles()
    {
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => ZeroShotEcgTransformer.Load(new MemoryStream(new byte[] { 1, 2, 3 })));
        StringAssert.Contains(ex.Message, "not a zip");

        using var newer = new MemoryStream();
        using (var zip = new ZipArchive(newer, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(zip.CreateEntry("zeroshot.json").Open()))
            w.Write("""{"FormatVersion": 99}""");
        newer.Position = 0;
        ex = Assert.ThrowsExactly<InvalidDataException>(() => ZeroShotEcgTransformer.Load(newer));
        StringAssert.Contains(ex.Message, "format 99");

        using var incomplete = new MemoryStream();
        using (var zip = new ZipArchive(incomplete, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(zip.CreateEntry("zeroshot.json").Open()))
            w.Write("""{"FormatVersion": 1, "Classes": [{"Name": "a"}], "SignalColumnName": "Signal", "ScoreColumnName": "Score", "PredictedLabelsColumnName": "L", "PredictedLabelColumnName": "l", "Threshold": 0.5}""");
        incomplete.Position = 0;
        ex = Assert.ThrowsExactly<InvalidDataException>(() => ZeroShotEcgTransformer.Load(incomplete));
        StringAssert.Contains(ex.Message, "model.fgclep");
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumn()
    {
        var ml = new MLContext(seed: 1);
        using var transformer = new ZeroShotEcgTransformer(TinyModel(), new ZeroShotEcgOptions { Classes = Classes });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(View(ml, Signals(1), column: "Waveform")));
        StringAssert.Contains(ex.Message, "Could not find signal column 'Signal'");
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(View(ml, new[] { new float[10] }, length: 10)));
        StringAssert.Contains(ex.Message, $"expected Vector<Single, {SignalLength}>, got Vector<Single, 10>");

        var estimator = new ZeroShotEcgEstimator(transformer.Model, new ZeroShotEcgOptions { Classes = Classes, SignalColumnName = "Waveform" });
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(View(ml, Signals(1))));
        StringAssert.Contains(ex.Message, "Could not find signal column 'Waveform'");

        using var stream = new MemoryStream();
        var save = Assert.Throws<Exception>(() => ml.Model.Save(transformer, View(ml, Signals(1)).Schema, stream));
        var messages = string.Join(" | ", Flatten(save).Select(e => e.Message));
        StringAssert.Contains(messages, "ZeroShotEcgTransformer.Save");
    }

    [TestMethod]
    public void InvalidOptionsAreRefused()
    {
        using var model = TinyModel();
        void Refused(ZeroShotEcgOptions options, string text) =>
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => new ZeroShotEcgEstimator(model, options)).Message, text);
        Refused(new ZeroShotEcgOptions(), "at least one");
        Refused(new ZeroShotEcgOptions { Classes = new[] { new ZeroShotClass("a"), new ZeroShotClass("a") } }, "'a' is listed twice");
        Refused(new ZeroShotEcgOptions { Classes = Classes, Threshold = 1.5f }, "[0, 1]");
        Refused(new ZeroShotEcgOptions { Classes = Classes, PredictedLabelColumnName = "Score" }, "distinct");
        var empty = Assert.ThrowsExactly<ArgumentException>(() => new ZeroShotEcgTransformer(model.Clone(),
            new ZeroShotEcgOptions { Classes = new[] { new ZeroShotClass("a", new[] { " " }) } }));
        StringAssert.Contains(empty.Message, "empty prompt");
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
