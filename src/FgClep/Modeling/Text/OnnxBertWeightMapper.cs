using System.Globalization;
using System.Text.RegularExpressions;
using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// Turns the graph of a BERT exported to ONNX (by <c>torch.onnx.export</c> of a Hugging Face <c>BertModel</c>) back into
/// Hugging Face weights and <c>config.json</c> values. Embeddings, biases and layer norms keep their Hugging Face names in
/// such exports; the Linear weights become anonymous <c>MatMul</c> inputs stored <c>[in, out]</c>. Each is found by graph
/// structure, never by its name or position: the <c>Add</c> that adds <c>&lt;module&gt;.bias</c> takes the output of a
/// <c>MatMul</c> whose weight input is <c>&lt;module&gt;.weight</c>, transposed to <c>[out, in]</c>. The config comes from the
/// graph too: sizes from shapes, heads from the attention-score scale, layer-norm epsilon from the constant added before
/// <c>Sqrt</c> (or a <c>LayerNormalization</c> node's attribute), exact GELU from <c>Erf</c> nodes.
/// </summary>
internal static partial class OnnxBertWeightMapper
{
    private const string LayerPrefix = "encoder.layer.";

    /// <summary>Maps the graph's weights to Hugging Face BERT names (in <c>BertModel</c> state-dict order) and reads its config.</summary>
    /// <param name="graph">The parsed graph.</param>
    /// <param name="sourcePath">The model file (or resource), for error messages.</param>
    /// <param name="config">The configuration read from the graph (<see cref="BertConfig.DoLowerCase"/> left null: the graph cannot say).</param>
    /// <returns>Every encoder weight with its shape and fp32 values; <c>pooler.*</c> and <c>position_ids</c> are dropped.</returns>
    /// <exception cref="FgClepFormatException">The graph does not have the structure of an exported BERT: a weight or constant is
    /// missing, or a shape disagrees with the others.</exception>
    public static IReadOnlyList<(string Name, long[] Shape, float[] Values)> Map(OnnxGraph graph, string sourcePath, out BertConfig config)
    {
        var named = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in graph.Initializers)
        {
            if (name.StartsWith("pooler.", StringComparison.Ordinal) || name.EndsWith("position_ids", StringComparison.Ordinal)) continue;
            if (name.StartsWith("embeddings.", StringComparison.Ordinal) || name.StartsWith(LayerPrefix, StringComparison.Ordinal)) named[name] = tensor;
        }

        var transposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bias in named.Keys.Where(IsLinearBias).ToList())
        {
            var weight = LinearWeightFor(graph, bias, named[bias], sourcePath);
            var name = bias[..^"bias".Length] + "weight";
            named[name] = weight;
            transposed.Add(name);
        }

        config = ReadConfig(graph, named, sourcePath);
        var result = new List<(string, long[], float[])>();
        foreach (var (name, shape) in ExpectedWeights(config))
        {
            if (!named.TryGetValue(name, out var tensor))
                throw new FgClepFormatException(sourcePath, null,
                    $"expected BERT weight \"{name}\" {Shape(shape)} (found by name, or for a Linear weight as the MatMul input feeding the Add of its bias); the graph has none.");
            var stored = transposed.Contains(name) ? new[] { tensor.Dims[^1], tensor.Dims[0] } : tensor.Dims;
            if (!stored.SequenceEqual(shape))
                throw new FgClepFormatException(sourcePath, null,
                    $"expected BERT weight \"{name}\" (ONNX initializer \"{tensor.Name}\") to have shape {Shape(shape)} for this config; found {Shape(stored)}.");
            var values = Floats(tensor, sourcePath);
            result.Add((name, shape, transposed.Contains(name) ? Transpose(values, (int)tensor.Dims[0], (int)tensor.Dims[1]) : values));
        }
        return result;
    }

    private static bool IsLinearBias(string name)
        => name.StartsWith(LayerPrefix, StringComparison.Ordinal) && name.EndsWith(".bias", StringComparison.Ordinal) && !name.EndsWith(".LayerNorm.bias", StringComparison.Ordinal);

    private static OnnxTensor LinearWeightFor(OnnxGraph graph, string biasName, OnnxTensor bias, string sourcePath)
    {
        var adds = graph.Nodes.Where(n => n.OpType == "Add" && n.Inputs.Count == 2 && n.Inputs.Contains(biasName)).ToList();
        if (adds.Count != 1)
            throw new FgClepFormatException(sourcePath, null, $"expected exactly one Add node taking bias \"{biasName}\"; found {adds.Count}.");
        var x = adds[0].Inputs[0] == biasName ? adds[0].Inputs[1] : adds[0].Inputs[0];
        var matmul = graph.Producer(x);
        if (matmul is not { OpType: "MatMul", Inputs.Count: 2 })
            throw new FgClepFormatException(sourcePath, null,
                $"expected the Add of bias \"{biasName}\" to take the output of a MatMul (x · W); \"{x}\" comes from {(matmul is null ? "no node" : $"a {matmul.OpType} node")}.");
        if (!graph.Initializers.TryGetValue(matmul.Inputs[1], out var weight))
            throw new FgClepFormatException(sourcePath, null,
                $"expected the MatMul feeding bias \"{biasName}\" to multiply by a stored weight; its second input \"{matmul.Inputs[1]}\" is not an initializer.");
        if (weight.Dims.Length != 2 || weight.Dims[1] != bias.ElementCount)
            throw new FgClepFormatException(sourcePath, null,
                $"expected the MatMul weight \"{weight.Name}\" for bias \"{biasName}\" {bias.ShapeText} to have shape [in, {bias.ElementCount}]; found {weight.ShapeText}.");
        return weight;
    }

    private static BertConfig ReadConfig(OnnxGraph graph, Dictionary<string, OnnxTensor> named, string sourcePath)
    {
        var words = Require(named, "embeddings.word_embeddings.weight", 2, sourcePath);
        var positions = Require(named, "embeddings.position_embeddings.weight", 2, sourcePath);
        var types = Require(named, "embeddings.token_type_embeddings.weight", 2, sourcePath);
        var hidden = checked((int)words.Dims[1]);
        var layers = named.Keys.Select(k => LayerIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
        if (layers == 0) throw new FgClepFormatException(sourcePath, null, $"expected transformer layers ({LayerPrefix}0.*); found no such initializer.");
        var intermediate = Require(named, $"{LayerPrefix}0.intermediate.dense.bias", 1, sourcePath);

        var headDim = AttentionHeadSize(graph, sourcePath);
        if (headDim <= 0 || hidden % headDim != 0)
            throw new FgClepFormatException(sourcePath, null, $"expected an attention head size dividing hidden size {hidden}; the attention-score scale gives {headDim}.");

        return new BertConfig
        {
            VocabSize = checked((int)words.Dims[0]),
            HiddenSize = hidden,
            NumHiddenLayers = layers,
            NumAttentionHeads = hidden / headDim,
            IntermediateSize = checked((int)intermediate.Dims[0]),
            MaxPositionEmbeddings = checked((int)positions.Dims[0]),
            TypeVocabSize = checked((int)types.Dims[0]),
            LayerNormEps = LayerNormEpsilon(graph, sourcePath),
            HiddenAct = Activation(graph, sourcePath),
        };
    }

    /// <summary>The head size d from the scaling of the attention scores: <c>Div</c> by √d or <c>Mul</c> by 1/√d before the softmax.</summary>
    private static int AttentionHeadSize(OnnxGraph graph, string sourcePath)
    {
        var sizes = new HashSet<int>();
        foreach (var softmax in graph.Nodes.Where(n => n.OpType == "Softmax"))
        {
            // Softmax(Add(scaled scores, mask)) or Softmax(scaled scores), where scores = MatMul(q, kᵀ).
            var node = graph.Producer(softmax.Inputs[0]);
            if (node?.OpType == "Add") node = node.Inputs.Select(graph.Producer).FirstOrDefault(p => p?.OpType is "Div" or "Mul");
            if (node?.OpType is not ("Div" or "Mul") || node.Inputs.Count != 2) continue;
            if (graph.Constant(node.Inputs[1])?.ScalarValue() is not double scale || scale <= 0) continue;
            if (graph.Producer(node.Inputs[0])?.OpType != "MatMul") continue;
            sizes.Add((int)Math.Round(node.OpType == "Div" ? scale * scale : 1 / (scale * scale)));
        }
        return sizes.Count == 1 ? sizes.Single()
            : throw new FgClepFormatException(sourcePath, null, sizes.Count == 0
                ? "expected attention scores MatMul(q, kᵀ) scaled by a constant (Div by √d or Mul by 1/√d) before Softmax; found none."
                : $"expected one attention head size in all layers; found {string.Join(", ", sizes.Order())}.");
    }

    private static double LayerNormEpsilon(OnnxGraph graph, string sourcePath)
    {
        var values = new HashSet<float>();
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "LayerNormalization")
                values.Add(node.Attributes.TryGetValue("epsilon", out var eps) && eps.Float is float f ? f : 1e-5f);
            else if (node.OpType == "Sqrt" && graph.Producer(node.Inputs[0]) is { OpType: "Add", Inputs.Count: 2 } add)
            {
                // Sqrt(ReduceMean((x - mean)²) + epsilon), the decomposed layer norm of older exports.
                for (var k = 0; k < 2; k++)
                    if (graph.Producer(add.Inputs[k])?.OpType == "ReduceMean" && graph.Constant(add.Inputs[1 - k])?.ScalarValue() is double constant)
                        values.Add((float)constant);
            }
        }
        // The export stores epsilon as fp32 (1e-12 becomes 9.99999996e-13); the shortest round-trip text gives back the config value.
        return values.Count == 1 ? double.Parse(values.Single().ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : throw new FgClepFormatException(sourcePath, null, values.Count == 0
                ? "expected layer norms (LayerNormalization, or Sqrt(ReduceMean(…) + epsilon)); found none."
                : $"expected one layer-norm epsilon; found {string.Join(", ", values.Order())}.");
    }

    private static string Activation(OnnxGraph graph, string sourcePath)
        => graph.Nodes.Any(n => n.OpType is "Erf" or "Gelu")
            ? "gelu"
            : throw new FgClepFormatException(sourcePath, null, "expected the exact GELU of BERT's feed-forward layers (Erf or Gelu nodes); found neither.");

    /// <summary>The weights of a Hugging Face <c>BertModel</c> without pooler, in state-dict order, with their shapes.</summary>
    internal static IEnumerable<(string Name, long[] Shape)> ExpectedWeights(BertConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize;
        yield return ("embeddings.word_embeddings.weight", [c.VocabSize, h]);
        yield return ("embeddings.position_embeddings.weight", [c.MaxPositionEmbeddings, h]);
        yield return ("embeddings.token_type_embeddings.weight", [c.TypeVocabSize, h]);
        yield return ("embeddings.LayerNorm.weight", [h]);
        yield return ("embeddings.LayerNorm.bias", [h]);
        for (var layer = 0; layer < c.NumHiddenLayers; layer++)
        {
            var p = $"{LayerPrefix}{layer}.";
            foreach (var m in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                yield return ($"{p}{m}.weight", [h, h]);
                yield return ($"{p}{m}.bias", [h]);
            }
            yield return ($"{p}attention.output.LayerNorm.weight", [h]);
            yield return ($"{p}attention.output.LayerNorm.bias", [h]);
            yield return ($"{p}intermediate.dense.weight", [i, h]);
            yield return ($"{p}intermediate.dense.bias", [i]);
            yield return ($"{p}output.dense.weight", [h, i]);
            yield return ($"{p}output.dense.bias", [h]);
            yield return ($"{p}output.LayerNorm.weight", [h]);
            yield return ($"{p}output.LayerNorm.bias", [h]);
        }
    }

    private static OnnxTensor Require(Dictionary<string, OnnxTensor> named, string name, int rank, string sourcePath)
        => named.TryGetValue(name, out var t) && t.Dims.Length == rank
            ? t
            : throw new FgClepFormatException(sourcePath, null,
                $"expected initializer \"{name}\" of rank {rank}; found {(t is null ? "none" : t.ShapeText)}.");

    private static float[] Floats(OnnxTensor tensor, string sourcePath)
    {
        try
        {
            return tensor.ToFloats();
        }
        catch (FormatException ex)
        {
            throw new FgClepFormatException(sourcePath, null, ex.Message, ex);
        }
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                result[c * rows + r] = values[r * columns + c];
        return result;
    }

    private static string Shape(long[] dims) => $"[{string.Join(", ", dims)}]";

    [GeneratedRegex(@"^encoder\.layer\.(\d+)\.")]
    private static partial Regex LayerIndex();
}
