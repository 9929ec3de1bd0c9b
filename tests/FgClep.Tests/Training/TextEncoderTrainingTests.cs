using System.Text.Json;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using FgClep.Modeling.Text;
using FgClep.Training;
using TorchSharp;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Training;

/// <summary><see cref="ClepTrainerOptions.TextEncoderTraining"/>: what trains in each mode, the cached frozen path, resume, parsing and defaults.</summary>
// Uses torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class TextEncoderTrainingTests
{
    private static ClepTrainerOptions Options(TextEncoderTraining? training, string? checkpointDir = null) => new()
    {
        Epochs = 2, BatchSize = 4, LearningRate = 1e-2, Seed = 3, CheckpointDirectory = checkpointDir, TextEncoderTraining = training,
    };

    /// <summary>A TinyClep model with a 3-layer text encoder (and no dropout when <paramref name="dropout"/> is false).</summary>
    private static ClepModel Model(ReportTokenizer tok, bool dropout = true, int seed = 5)
    {
        var options = TinyClep.ModelOptions(tok);
        options = options with
        {
            Text = options.Text with
            {
                NumHiddenLayers = 3,
                HiddenDropoutProb = dropout ? 0.1 : 0, AttentionProbsDropoutProb = dropout ? 0.1 : 0,
            },
        };
        torch.random.manual_seed(seed);
        return new ClepModel(options);
    }

    private static Dictionary<string, float[]> Weights(ClepModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(torch.ScalarType.Float32).data<float>().ToArray());

    /// <summary>The parameter names (state-dict keys) whose values changed between <paramref name="before"/> and <paramref name="after"/>.</summary>
    private static HashSet<string> Changed(Dictionary<string, float[]> before, Dictionary<string, float[]> after, string prefix) =>
        before.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !before[k].SequenceEqual(after[k])).ToHashSet();

    private static string[] Keys(Dictionary<string, float[]> weights, string prefix) =>
        weights.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    [TestMethod]
    public void FrozenLeavesEveryTextEncoderParameterBitIdenticalWhileTheProjectionLearns()
    {
        var tok = TinyClep.Tokenizer();
        using var model = Model(tok);
        var before = Weights(model);
        var losses = new ClepTrainer(model, tok, Options(TextEncoderTraining.Frozen)).Train(TinyClep.Data(12));
        Assert.IsTrue(losses.All(double.IsFinite));
        var after = Weights(model);
        Assert.IsEmpty(Changed(before, after, "text_encoder."), "the frozen text encoder must not move");
        CollectionAssert.AreEquivalent(Keys(before, "text_projection."), Changed(before, after, "text_projection.").ToArray(), "every projection parameter learns");
        Assert.IsNotEmpty(Changed(before, after, "ecg_encoder."));
        Assert.IsTrue(model.TextEncoder.parameters().All(p => !p.requires_grad));
    }

    [TestMethod]
    public void CachedFrozenPathGivesTheUncachedLossOnTheFirstStep()
    {
        // Without dropout the fine-tuned encoder computes, on the first step, exactly what the frozen one cached (eval mode).
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(12);
        using var uncached = Model(tok, dropout: false);
        using var cached = Model(tok, dropout: false);
        double a = new ClepTrainer(uncached, tok, Options(TextEncoderTraining.FineTune) with { StopAfterSteps = 1 }).Train(data)[0];
        double b = new ClepTrainer(cached, tok, Options(TextEncoderTraining.Frozen) with { StopAfterSteps = 1 }).Train(data)[0];
        Assert.AreEqual(a, b, 1e-5 * Math.Abs(a), $"uncached {a}, cached {b}");
    }

    [TestMethod]
    public void TopLayersTrainsOnlyTheTopLayers()
    {
        var tok = TinyClep.Tokenizer();
        using var model = Model(tok);
        var before = Weights(model);
        new ClepTrainer(model, tok, Options(TextEncoderTraining.TopLayers(1))).Train(TinyClep.Data(12));
        var changed = Changed(before, Weights(model), "text_encoder.");
        CollectionAssert.AreEquivalent(Keys(before, "text_encoder.encoder.layer.2."), changed.ToArray(), "exactly the top layer moves");
    }

    [TestMethod]
    public void FineTuneTrainsEveryTextEncoderParameter()
    {
        var tok = TinyClep.Tokenizer();
        using var model = Model(tok);
        model.TextEncoder.FreezeLowerLayers(3); // left over from elsewhere: the option decides
        var before = Weights(model);
        new ClepTrainer(model, tok, Options(TextEncoderTraining.FineTune)).Train(TinyClep.Data(12));
        CollectionAssert.AreEquivalent(Keys(before, "text_encoder."), Changed(before, Weights(model), "text_encoder.").ToArray());
    }

    [TestMethod]
    public void FrozenResumeIsBitExactAndAnotherModeIsRefused()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(10);
        var dir = Path.Combine(Path.GetTempPath(), "fgclep-frozen-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var full = Model(tok);
            var fullLosses = new ClepTrainer(full, tok, Options(TextEncoderTraining.Frozen)).Train(data);

            using (var first = Model(tok))
                new ClepTrainer(first, tok, Options(TextEncoderTraining.Frozen, dir) with { StopAfterSteps = 3 }).Train(data);
            var checkpoint = Path.Combine(dir, ClepTrainer.CheckpointFileName);
            Assert.AreEqual(TextEncoderTraining.Frozen, ClepCheckpoint.ReadHeader(checkpoint).TrainerOptions.TextEncoderTraining);

            using (var other = Model(tok))
            {
                var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
                    new ClepTrainer(other, tok, Options(TextEncoderTraining.FineTune) with { ResumeFrom = checkpoint }).Train(data));
                StringAssert.Contains(e.Message, "frozen");
            }

            using var resumed = Model(tok, seed: 99);
            var rest = new ClepTrainer(resumed, tok, Options(TextEncoderTraining.Frozen) with { ResumeFrom = checkpoint }).Train(data);
            CollectionAssert.AreEqual(fullLosses.Skip(3).ToList(), rest.ToList());
            var a = Weights(full);
            var b = Weights(resumed);
            foreach (var key in a.Keys) CollectionAssert.AreEqual(a[key], b[key], $"parameter {key} differs after resume");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void TheTextEncoderTrainsAtItsOwnRateWhileTheProjectionKeepsTheTextRate()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(12);
        using var still = Model(tok);
        var before = Weights(still);
        new ClepTrainer(still, tok, Options(TextEncoderTraining.TopLayers(1)) with { TextEncoderLearningRate = 0 }).Train(data);
        var after = Weights(still);
        Assert.IsEmpty(Changed(before, after, "text_encoder."), "a text-encoder rate of 0 leaves the encoder as it was");
        CollectionAssert.AreEquivalent(Keys(before, "text_projection."), Changed(before, after, "text_projection.").ToArray());

        using var slow = Model(tok);
        new ClepTrainer(slow, tok, Options(TextEncoderTraining.TopLayers(1)) with { TextEncoderLearningRate = 1e-3 }).Train(data);
        using var same = Model(tok);
        new ClepTrainer(same, tok, Options(TextEncoderTraining.TopLayers(1))).Train(data);
        var (s, f) = (Weights(slow), Weights(same));
        Assert.IsNotEmpty(Changed(before, s, "text_encoder.encoder.layer.2."), "the top layer trains at its own rate");
        double Step(Dictionary<string, float[]> w, string key) => w[key].Zip(before[key], (a, b) => Math.Abs((double)a - b)).Max();
        string query = Keys(before, "text_encoder.encoder.layer.2.").First(k => k.EndsWith("query.weight", StringComparison.Ordinal));
        Assert.IsLessThan(Step(f, query), Step(s, query), "1e-3 moves the layer less than the text rate of 1e-2");
    }

    [TestMethod]
    public void ResumeIsBitExactWithASeparateTextEncoderRateAndRefusesAnotherRateOrSampling()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(10);
        var dir = Path.Combine(Path.GetTempPath(), "fgclep-encoder-rate-" + Guid.NewGuid().ToString("N"));
        var options = Options(TextEncoderTraining.TopLayers(2)) with { TextEncoderLearningRate = 1e-3 };
        try
        {
            using var full = Model(tok);
            var fullLosses = new ClepTrainer(full, tok, options).Train(data);
            using (var first = Model(tok))
                new ClepTrainer(first, tok, options with { CheckpointDirectory = dir, StopAfterSteps = 3 }).Train(data);
            using var resumed = Model(tok, seed: 99);
            var checkpoint = Path.Combine(dir, ClepTrainer.CheckpointFileName);
            var rest = new ClepTrainer(resumed, tok, options with { ResumeFrom = checkpoint }).Train(data);
            CollectionAssert.AreEqual(fullLosses.Skip(3).ToList(), rest.ToList());

            foreach (var (changed, name) in new[]
            {
                (options with { TextEncoderLearningRate = null }, "TextEncoderLearningRate"),
                (options with { SentenceSamplingShare = 0.5 }, "SentenceSamplingShare"),
            })
            {
                using var other = Model(tok);
                var e = Assert.ThrowsExactly<InvalidOperationException>(() => new ClepTrainer(other, tok, changed with { ResumeFrom = checkpoint }).Train(data));
                StringAssert.Contains(e.Message, name);
                StringAssert.Contains(e.Message, checkpoint);
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void TooManyTopLayersIsRefusedUpFront()
    {
        var tok = TinyClep.Tokenizer();
        using var model = Model(tok);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClepTrainer(model, tok, Options(TextEncoderTraining.TopLayers(4))));
        StringAssert.Contains(e.Message, "top:4");
    }

    [TestMethod]
    [DataRow("frozen", "frozen")]
    [DataRow("FineTune", "finetune")]
    [DataRow(" top:2 ", "top:2")]
    public void ParsesItsOwnSpelling(string text, string canonical)
    {
        Assert.AreEqual(canonical, TextEncoderTraining.Parse(text).ToString());
        Assert.AreEqual(TextEncoderTraining.Parse(canonical), TextEncoderTraining.Parse(text));
    }

    [TestMethod]
    [DataRow("top:0")]
    [DataRow("top:-1")]
    [DataRow("top:")]
    [DataRow("top:x")]
    [DataRow("fine-tune")]
    [DataRow("")]
    public void RejectsOtherSpellings(string text)
    {
        Assert.IsFalse(TextEncoderTraining.TryParse(text, out _));
        Assert.ThrowsExactly<FormatException>(() => TextEncoderTraining.Parse(text));
    }

    [TestMethod]
    public void OptionsRoundTripThroughJsonAndLegacyFreezeTextLayersStillReads()
    {
        var json = JsonSerializer.Serialize(new ClepTrainerOptions { TextEncoderTraining = TextEncoderTraining.TopLayers(2) }, ModelJson.Options);
        StringAssert.Contains(json, "\"top:2\"");
        Assert.AreEqual(TextEncoderTraining.TopLayers(2), JsonSerializer.Deserialize<ClepTrainerOptions>(json, ModelJson.Options)!.TextEncoderTraining);

        // Options (and checkpoint headers) written before TextEncoderTraining existed.
        var legacy = JsonSerializer.Deserialize<ClepTrainerOptions>("""{ "Epochs": 3, "FreezeTextLayers": 1 }""", ModelJson.Options)!;
        Assert.IsNull(legacy.TextEncoderTraining);
        Assert.AreEqual(TextEncoderTraining.TopLayers(5), legacy.ResolveTextEncoderTraining(6));
        Assert.AreEqual(TextEncoderTraining.Frozen, legacy.ResolveTextEncoderTraining(1));
        Assert.AreEqual(TextEncoderTraining.FineTune, new ClepTrainerOptions().ResolveTextEncoderTraining(6));
    }

    [TestMethod]
    public void EstimatorFreezesPretrainedEncodersAndFineTunesTheRestByDefault()
    {
        static TextEncoderTraining? Resolved(FgClepPretrainOptions o) => FgClepPretrainEstimator.ResolveTraining(o).TextEncoderTraining;
        Assert.AreEqual(TextEncoderTraining.Frozen, Resolved(new FgClepPretrainOptions { PretrainedTextEncoder = PretrainedTextEncoder.MiniLmL6V2 }));
        Assert.AreEqual(TextEncoderTraining.FineTune, Resolved(new FgClepPretrainOptions()));
        Assert.AreEqual(TextEncoderTraining.FineTune, Resolved(new FgClepPretrainOptions { TextEncoderPath = "models/Bio_ClinicalBERT" }));
        Assert.AreEqual(TextEncoderTraining.TopLayers(2), Resolved(new FgClepPretrainOptions
        {
            PretrainedTextEncoder = PretrainedTextEncoder.ArcticEmbedXs,
            Training = new ClepTrainerOptions { TextEncoderTraining = TextEncoderTraining.TopLayers(2) },
        }));
        Assert.AreEqual(TextEncoderTraining.Frozen, Resolved(FgClepPretrainPresets.SmallCpu(1, textEncoderTraining: TextEncoderTraining.Frozen)));
    }
}
