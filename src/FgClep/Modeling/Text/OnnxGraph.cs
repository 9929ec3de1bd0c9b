namespace FgClep.Modeling.Text;

/// <summary>The parts of an ONNX <c>GraphProto</c> that weight conversion needs: nodes, initializers, input and output names.</summary>
/// <param name="Nodes">The nodes in file order (topologically sorted in a valid model).</param>
/// <param name="Initializers">The stored weights by name.</param>
/// <param name="Inputs">Graph input names.</param>
/// <param name="Outputs">Graph output names.</param>
internal sealed record OnnxGraph(IReadOnlyList<OnnxNode> Nodes, IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    private Dictionary<string, OnnxNode>? _producers;

    /// <summary>The node that outputs <paramref name="valueName"/>, or null (a graph input, an initializer or unknown).</summary>
    public OnnxNode? Producer(string valueName)
    {
        _producers ??= Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).GroupBy(p => p.o).ToDictionary(g => g.Key, g => g.First().n);
        return _producers.GetValueOrDefault(valueName);
    }

    /// <summary>A constant value: an initializer, or the <c>value</c> tensor of the <c>Constant</c> node that outputs it.</summary>
    public OnnxTensor? Constant(string valueName)
    {
        if (Initializers.TryGetValue(valueName, out var init)) return init;
        var node = Producer(valueName);
        return node is { OpType: "Constant" } && node.Attributes.TryGetValue("value", out var value) ? value.Tensor : null;
    }
}
