using FgClep.IO;
using FgClep.Modeling.Text;

namespace FgClep.Tests.Modeling.TextEncoders;

/// <summary>The ONNX reader and the structural weight mapping on small synthetic BERT graphs (no package needed).</summary>
[TestClass]
public sealed class OnnxBertWeightMapperTests
{
    private const int Hidden = 4, Intermediate = 8, Vocab = 6, Positions = 8, HeadSize = 2;
    private const string Source = "tiny-bert.onnx";

    /// <summary>
    /// One post-norm BERT layer with the structure torch.onnx.export gives: Add(bias, MatMul(x, W)) for every Linear (the bias
    /// on either side), a decomposed layer norm, scores scaled by Div(√d) before Softmax, Erf GELU, anonymous weight names.
    /// </summary>
    private static byte[] TinyBert(string breakWhat = "")
    {
        var w = new OnnxTestModelWriter().Input("input_ids").Input("attention_mask");
        var next = 0f;
        float[] Values(long count) => Enumerable.Range(0, (int)count).Select(_ => next += 0.01f).ToArray();
        void Init(string name, params long[] dims) => w.Initializer(name, dims, Values(dims.Aggregate(1L, (a, d) => a * d)), asFloatData: name.EndsWith("bias"));

        Init("embeddings.position_ids", 1, Positions);
        Init("embeddings.word_embeddings.weight", Vocab, Hidden);
        Init("embeddings.position_embeddings.weight", Positions, Hidden);
        Init("embeddings.token_type_embeddings.weight", 2, Hidden);
        Init("embeddings.LayerNorm.weight", Hidden);
        Init("embeddings.LayerNorm.bias", Hidden);
        const string p = "encoder.layer.0.";
        foreach (var m in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            if (!(breakWhat == "missing-bias" && m.EndsWith("value"))) Init($"{p}{m}.bias", Hidden);
        Init($"{p}attention.output.LayerNorm.weight", Hidden);
        Init($"{p}attention.output.LayerNorm.bias", Hidden);
        Init($"{p}intermediate.dense.bias", Intermediate);
        Init($"{p}output.dense.bias", Hidden);
        Init($"{p}output.LayerNorm.weight", Hidden);
        Init($"{p}output.LayerNorm.bias", Hidden);
        Init("pooler.dense.weight", Hidden, Hidden);
        Init("pooler.dense.bias", Hidden);
        for (var i = 0; i < 4; i++) Init($"90{i}", Hidden, Hidden);
        Init("904", Hidden, breakWhat == "wrong-shape" ? Intermediate - 1 : Intermediate);
        Init("905", Intermediate, Hidden);

        w.Node("Gather", ["embeddings.word_embeddings.weight", "input_ids"], ["emb"]);
        if (breakWhat == "fused-layer-norm")
            w.Node("LayerNormalization", ["emb", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"], ["x"],
                OnnxTestModelWriter.FloatAttribute("epsilon", 1e-5f));
        else
            w.Node("ReduceMean", ["emb"], ["mean"]).Node("Sub", ["emb", "mean"], ["centred"]).Constant("two", 2f)
             .Node("Pow", ["centred", "two"], ["squared"]).Node("ReduceMean", ["squared"], ["variance"]).Constant("eps", 1e-12f)
             .Node("Add", ["variance", "eps"], ["variance_eps"]).Node("Sqrt", ["variance_eps"], ["std"])
             .Node("Div", ["centred", "std"], ["normed"]).Node("Mul", ["normed", "embeddings.LayerNorm.weight"], ["scaled"])
             .Node("Add", ["scaled", "embeddings.LayerNorm.bias"], ["x"]);
        w.Node("MatMul", ["x", "900"], ["q0"]).Node("Add", [$"{p}attention.self.query.bias", "q0"], ["q"]);
        w.Node("MatMul", ["x", "901"], ["k0"]).Node("Add", [$"{p}attention.self.key.bias", "k0"], ["k"]);
        w.Node("MatMul", ["x", "902"], ["v0"]).Node("Add", [$"{p}attention.self.value.bias", "v0"], ["v"]);
        w.Node("MatMul", ["q", "k"], ["scores"]);
        if (breakWhat == "mul-scale") w.Constant("inv_sqrt_d", 1 / MathF.Sqrt(HeadSize)).Node("Mul", ["scores", "inv_sqrt_d"], ["scaled_scores"]);
        else w.Constant("sqrt_d", MathF.Sqrt(HeadSize)).Node("Div", ["scores", "sqrt_d"], ["scaled_scores"]);
        w.Node("Add", ["scaled_scores", "attention_mask"], ["masked"]).Node("Softmax", ["masked"], ["probs"])
         .Node("MatMul", ["probs", "v"], ["context"]);
        w.Node("MatMul", ["context", "903"], ["o0"]).Node("Add", ["o0", $"{p}attention.output.dense.bias"], ["o"]);
        w.Node(breakWhat == "not-matmul" ? "Mul" : "MatMul", ["o", "904"], ["i0"]).Node("Add", [$"{p}intermediate.dense.bias", "i0"], ["i1"])
         .Node("Erf", ["i1"], ["gelu"]);
        w.Node("MatMul", ["gelu", "905"], ["f0"]).Node("Add", [$"{p}output.dense.bias", "f0"], ["f"]);
        w.Node("Gemm", ["f", "pooler.dense.weight", "pooler.dense.bias"], ["pooled"]);
        return w.ToBytes();
    }

    [TestMethod]
    public void TinyGraphMapsToHuggingFaceNamesWithTransposedLinearWeightsAndItsConfig()
    {
        var graph = OnnxProtoReader.Read(TinyBert(), Source);
        var tensors = OnnxBertWeightMapper.Map(graph, Source, out var config);

        Assert.AreEqual(new BertConfig
        {
            VocabSize = Vocab, HiddenSize = Hidden, NumHiddenLayers = 1, NumAttentionHeads = Hidden / HeadSize, IntermediateSize = Intermediate,
            MaxPositionEmbeddings = Positions, TypeVocabSize = 2, LayerNormEps = 1e-12, HiddenAct = "gelu",
        }, config);
        var expected = OnnxBertWeightMapper.ExpectedWeights(config).Select(e => e.Name).ToList();
        CollectionAssert.AreEqual(expected, tensors.Select(t => t.Name).ToList());
        Assert.HasCount(5 + 16, tensors);

        var stored = graph.Initializers["904"].ToFloats(); // [in = 4, out = 8]
        var intermediate = tensors.Single(t => t.Name == "encoder.layer.0.intermediate.dense.weight");
        CollectionAssert.AreEqual(new long[] { Intermediate, Hidden }, intermediate.Shape);
        for (var o = 0; o < Intermediate; o++)
            for (var i = 0; i < Hidden; i++)
                Assert.AreEqual(stored[i * Intermediate + o], intermediate.Values[o * Hidden + i], $"[{o}, {i}]");
        CollectionAssert.AreEqual(graph.Initializers["encoder.layer.0.output.dense.bias"].ToFloats(),
            tensors.Single(t => t.Name == "encoder.layer.0.output.dense.bias").Values, "float_data biases are read");
    }

    [TestMethod]
    [DataRow("fused-layer-norm", 1e-5, DisplayName = "LayerNormalization op with an epsilon attribute")]
    [DataRow("mul-scale", 1e-12, DisplayName = "scores multiplied by 1/sqrt(d)")]
    public void OtherExportPatternsOfTheSameOperationsMapToo(string variant, double epsilon)
    {
        OnnxBertWeightMapper.Map(OnnxProtoReader.Read(TinyBert(variant), Source), Source, out var config);
        Assert.AreEqual(Hidden / HeadSize, config.NumAttentionHeads);
        Assert.AreEqual(epsilon, config.LayerNormEps);
    }

    [TestMethod]
    [DataRow("not-matmul", "expected the Add of bias \"encoder.layer.0.intermediate.dense.bias\" to take the output of a MatMul")]
    [DataRow("wrong-shape", "expected the MatMul weight \"904\" for bias \"encoder.layer.0.intermediate.dense.bias\" [8] to have shape [in, 8]; found [4, 7]")]
    [DataRow("missing-bias", "expected BERT weight \"encoder.layer.0.attention.self.value.weight\" [4, 4]")]
    public void GraphsThatDoNotMapNameTheFileAndWhatWasExpected(string breakWhat, string expected)
    {
        var graph = OnnxProtoReader.Read(TinyBert(breakWhat), Source);
        var error = Assert.ThrowsExactly<FgClepFormatException>(() => OnnxBertWeightMapper.Map(graph, Source, out _));
        Assert.AreEqual(Source, error.FilePath);
        Assert.Contains(expected, error.Message);
    }

    [TestMethod]
    public void TruncatedOrForeignBytesAreAFormatErrorNamingTheFile()
    {
        var bytes = TinyBert();
        var truncated = Assert.ThrowsExactly<FgClepFormatException>(() => OnnxProtoReader.Read(bytes.AsMemory(0, bytes.Length - 10), Source));
        Assert.Contains(Source, truncated.Message);
        Assert.Contains("expected a well-formed ONNX model", truncated.Message);

        var text = Assert.ThrowsExactly<FgClepFormatException>(() => OnnxProtoReader.Read("not an onnx model"u8.ToArray(), Source));
        Assert.Contains(Source, text.Message);
    }
}
