using FgClep.IO;
using FgClep.Modeling.Text;
using TorchSharp;
using static TorchSharp.torch;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class BertTextEncoderTests
{
    private static readonly BertConfig Tiny = new()
    {
        VocabSize = 20, HiddenSize = 8, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 12,
        MaxPositionEmbeddings = 10, HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0,
    };

    private static readonly long[] Ids = [2, 5, 7, 9, 3, 2, 4, 3, 0, 0];
    private static readonly long[] Mask = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];

    [TestMethod]
    public void StateDictKeysAreHuggingFaceBertModelNames()
    {
        using var encoder = new BertTextEncoder(Tiny with { NumHiddenLayers = 1 });
        var sd = encoder.state_dict();
        var expected = new List<string>
        {
            "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
            "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
        };
        foreach (var sub in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                     "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm" })
            expected.AddRange([$"encoder.layer.0.{sub}.weight", $"encoder.layer.0.{sub}.bias"]);
        CollectionAssert.AreEquivalent(expected, sd.Keys.ToList());
        CollectionAssert.AreEqual(new long[] { 20, 8 }, sd["embeddings.word_embeddings.weight"].shape);
        CollectionAssert.AreEqual(new long[] { 12, 8 }, sd["encoder.layer.0.intermediate.dense.weight"].shape);
        CollectionAssert.AreEqual(new long[] { 8, 12 }, sd["encoder.layer.0.output.dense.weight"].shape);
    }

    [TestMethod]
    [DataRow("gelu")]
    [DataRow("gelu_new")]
    [DataRow("relu")]
    public void ForwardMatchesAnIndependentDoublePrecisionReference(string activation)
    {
        var config = Tiny with { HiddenAct = activation };
        torch.random.manual_seed(5);
        using var encoder = new BertTextEncoder(config);
        encoder.to(ScalarType.Float64);
        using (no_grad())
        {
            // Large weights make the activation's exact shape matter (exact vs tanh GELU differ visibly).
            foreach (var p in encoder.parameters()) p.normal_(0, 0.7);
        }
        encoder.eval();
        var weights = encoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<double>().ToArray());

        using var scope = NewDisposeScope();
        var ids = tensor(Ids, [2, 5]);
        var mask = tensor(Mask, [2, 5]);
        var hidden = encoder.LastHiddenState(ids, mask).data<double>().ToArray();
        var meanPooled = encoder.forward(ids, mask).data<double>().ToArray();

        for (var row = 0; row < 2; row++)
        {
            var rowIds = Ids.Skip(row * 5).Take(5).ToArray();
            var rowMask = Mask.Skip(row * 5).Take(5).ToArray();
            var reference = BertReference.Hidden(weights, config, rowIds, rowMask);
            var real = (int)rowMask.Sum();
            for (var l = 0; l < real; l++)
                for (var k = 0; k < 8; k++)
                    Assert.AreEqual(reference[l][k], hidden[(row * 5 + l) * 8 + k], 1e-9, $"row {row} token {l} dim {k}");
            for (var k = 0; k < 8; k++)
                Assert.AreEqual(Enumerable.Range(0, real).Average(l => reference[l][k]), meanPooled[row * 8 + k], 1e-9, $"mean pool row {row}");
        }
    }

    [TestMethod]
    [DataRow(TextPooling.Mean)]
    [DataRow(TextPooling.Cls)]
    public void PaddingDoesNotChangeThePooledVector(TextPooling pooling)
    {
        torch.random.manual_seed(6);
        using var encoder = new BertTextEncoder(Tiny, pooling);
        encoder.eval();
        using var scope = NewDisposeScope();
        var alone = encoder.forward(tensor(new long[] { 2, 4, 3 }, [1, 3]), ones(1, 3, ScalarType.Int64));
        // The same text padded with arbitrary ids beside a longer one.
        var batch = encoder.forward(tensor(new long[] { 2, 4, 3, 17, 11, 2, 5, 7, 9, 3 }, [2, 5]), tensor(new long[] { 1, 1, 1, 0, 0, 1, 1, 1, 1, 1 }, [2, 5]));
        Assert.IsTrue(batch.narrow(0, 0, 1).allclose(alone, rtol: 1e-5, atol: 1e-6), $"{pooling} pooling must ignore padding");
        Assert.IsFalse(batch[0].allclose(batch[1]));
    }

    [TestMethod]
    public void ClsPoolingReturnsTheFirstTokenState()
    {
        torch.random.manual_seed(7);
        using var encoder = new BertTextEncoder(Tiny, TextPooling.Cls);
        encoder.eval();
        using var scope = NewDisposeScope();
        var ids = tensor(Ids, [2, 5]);
        var mask = tensor(Mask, [2, 5]);
        var cls = encoder.forward(ids, mask);
        Assert.IsTrue(cls.eq(encoder.LastHiddenState(ids, mask).select(1, 0)).all().item<bool>());
    }

    [TestMethod]
    public void FreezeLowerLayersFreezesEmbeddingsAndBottomLayersOnly()
    {
        using var encoder = new BertTextEncoder(Tiny);
        encoder.FreezeLowerLayers(1);
        foreach (var (name, p) in encoder.named_parameters())
        {
            var frozen = name.StartsWith("embeddings.", StringComparison.Ordinal) || name.StartsWith("encoder.layer.0.", StringComparison.Ordinal);
            Assert.AreEqual(!frozen, p.requires_grad, name);
        }
        encoder.FreezeLowerLayers(0);
        Assert.IsTrue(encoder.parameters().All(p => p.requires_grad));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => encoder.FreezeLowerLayers(3));
    }

    [TestMethod]
    public void InvalidInputsAreRejectedWithClearMessages()
    {
        using var encoder = new BertTextEncoder(Tiny);
        using var scope = NewDisposeScope();
        var tooBig = Assert.ThrowsExactly<ArgumentException>(() => encoder.forward(tensor(new long[] { 2, 20 }, [1, 2]), ones(1, 2, ScalarType.Int64)));
        StringAssert.Contains(tooBig.Message, "vocab_size");
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => encoder.forward(zeros(1, 11, ScalarType.Int64), ones(1, 11, ScalarType.Int64)));
        StringAssert.Contains(tooLong.Message, "max_position_embeddings");
        Assert.ThrowsExactly<ArgumentException>(() => encoder.forward(zeros(1, 4, ScalarType.Int64), ones(1, 3, ScalarType.Int64)));
        Assert.ThrowsExactly<ArgumentException>(() => new BertTextEncoder(Tiny with { NumAttentionHeads = 3 }));
        Assert.ThrowsExactly<NotSupportedException>(() => new BertTextEncoder(Tiny with { HiddenAct = "swishy" }));
    }

    [TestMethod]
    public void ConfigRoundTripsThroughHuggingFaceJson()
    {
        var dir = Directory.CreateTempSubdirectory("fgclep-bert-config").FullName;
        try
        {
            var path = Path.Combine(dir, "config.json");
            var config = Tiny with { LayerNormEps = 1e-7, HiddenAct = "gelu_new", DoLowerCase = false };
            config.Save(path);
            var text = File.ReadAllText(path);
            StringAssert.Contains(text, "\"num_hidden_layers\": 2");
            StringAssert.Contains(text, "\"model_type\": \"bert\"");
            Assert.AreEqual(config, BertConfig.Load(path));

            // A Bio_ClinicalBERT-like file: extra fields are ignored, absent ones default.
            File.WriteAllText(path, """{"architectures": ["BertForMaskedLM"], "vocab_size": 28996, "hidden_size": 768, "num_attention_heads": 12, "layer_norm_eps": 1e-12, "type_vocab_size": 2, "model_type": "bert"}""");
            var loaded = BertConfig.Load(path);
            Assert.AreEqual(28996, loaded.VocabSize);
            Assert.AreEqual(12, loaded.NumHiddenLayers);
            Assert.IsNull(loaded.DoLowerCase);

            File.WriteAllText(path, """{"vocab_size": "many"}""");
            var wrongType = Assert.ThrowsExactly<FgClepFormatException>(() => BertConfig.Load(path));
            StringAssert.Contains(wrongType.Message, "vocab_size");
            File.WriteAllText(path, "{\n\"vocab_size\": 3,,\n}");
            var broken = Assert.ThrowsExactly<FgClepFormatException>(() => BertConfig.Load(path));
            StringAssert.Contains(broken.Message, "line 2");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void RealVocabularyTokensRunThroughAnEncoderOfThatVocabularySize()
    {
        var tokenizer = ReportTokenizer.FromVocabularyFile(SharedData.RequireFile("models/bert-base-uncased/vocab.txt"), lowerCase: true);
        torch.random.manual_seed(8);
        using var encoder = new BertTextEncoder(new BertConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32,
        });
        encoder.eval();
        var batch = tokenizer.Encode(["Sinus rhythm. Normal ECG.", "Atrial fibrillation with rapid ventricular response."]);
        using var scope = NewDisposeScope();
        var (ids, mask) = batch.ToTensors();
        var pooled = encoder.forward(ids, mask);
        CollectionAssert.AreEqual(new long[] { 2, 16 }, pooled.shape);
        Assert.IsTrue(pooled.isfinite().all().item<bool>());
    }
}

/// <summary>A plain double-precision BERT forward pass (post layer norm, one sequence), independent of torch.</summary>
internal static class BertReference
{
    public static double[][] Hidden(Dictionary<string, double[]> w, BertConfig c, long[] ids, long[] mask)
    {
        var h = c.HiddenSize;
        var x = new double[ids.Length][];
        for (var l = 0; l < ids.Length; l++)
        {
            var v = new double[h];
            for (var k = 0; k < h; k++)
                v[k] = w["embeddings.word_embeddings.weight"][ids[l] * h + k] + w["embeddings.position_embeddings.weight"][l * h + k]
                       + w["embeddings.token_type_embeddings.weight"][k];
            x[l] = LayerNorm(v, w, "embeddings.LayerNorm", c.LayerNormEps);
        }

        for (var layer = 0; layer < c.NumHiddenLayers; layer++)
        {
            var p = $"encoder.layer.{layer}.";
            var q = x.Select(t => Linear(t, w, p + "attention.self.query")).ToArray();
            var k = x.Select(t => Linear(t, w, p + "attention.self.key")).ToArray();
            var v = x.Select(t => Linear(t, w, p + "attention.self.value")).ToArray();
            var heads = c.NumAttentionHeads;
            var d = h / heads;
            var next = new double[x.Length][];
            for (var i = 0; i < x.Length; i++)
            {
                var context = new double[h];
                for (var head = 0; head < heads; head++)
                {
                    // Softmax over the real keys only: padded keys get no weight at all.
                    var keys = Enumerable.Range(0, x.Length).Where(j => mask[j] != 0).ToArray();
                    var scores = keys.Select(j => Enumerable.Range(head * d, d).Sum(m => q[i][m] * k[j][m]) / Math.Sqrt(d)).ToArray();
                    var max = scores.Max();
                    var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var total = exp.Sum();
                    for (var n = 0; n < keys.Length; n++)
                        for (var m = head * d; m < (head + 1) * d; m++)
                            context[m] += exp[n] / total * v[keys[n]][m];
                }
                var attended = LayerNorm(Add(Linear(context, w, p + "attention.output.dense"), x[i]), w, p + "attention.output.LayerNorm", c.LayerNormEps);
                var inner = Linear(attended, w, p + "intermediate.dense").Select(z => Activation(z, c.HiddenAct)).ToArray();
                next[i] = LayerNorm(Add(Linear(inner, w, p + "output.dense"), attended), w, p + "output.LayerNorm", c.LayerNormEps);
            }
            x = next;
        }
        return x;
    }

    private static double[] Linear(double[] input, Dictionary<string, double[]> w, string name)
    {
        var weight = w[name + ".weight"];
        var bias = w[name + ".bias"];
        var output = new double[bias.Length];
        for (var o = 0; o < output.Length; o++)
        {
            var s = bias[o];
            for (var i = 0; i < input.Length; i++) s += weight[o * input.Length + i] * input[i];
            output[o] = s;
        }
        return output;
    }

    private static double[] LayerNorm(double[] v, Dictionary<string, double[]> w, string name, double eps)
    {
        var mean = v.Average();
        var variance = v.Average(z => (z - mean) * (z - mean));
        var gamma = w[name + ".weight"];
        var beta = w[name + ".bias"];
        return v.Select((z, i) => (z - mean) / Math.Sqrt(variance + eps) * gamma[i] + beta[i]).ToArray();
    }

    private static double[] Add(double[] a, double[] b) => a.Select((z, i) => z + b[i]).ToArray();

    private static double Activation(double x, string name) => name switch
    {
        "gelu" => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        "gelu_new" => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        "relu" => Math.Max(0, x),
        _ => throw new ArgumentException(name),
    };

    /// <summary>erf by its Maclaurin series (accurate to ~1e-10 for |x| ≤ 4; beyond, |1 − |erf|| &lt; 2e-8).</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 4) return Math.Sign(x);
        double sum = x, term = x;
        for (var n = 1; n < 200 && Math.Abs(term) > 1e-17; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
