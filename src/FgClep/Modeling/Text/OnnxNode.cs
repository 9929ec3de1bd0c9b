namespace FgClep.Modeling.Text;

/// <summary>An ONNX <c>NodeProto</c>: an operator applied to named inputs, producing named outputs.</summary>
/// <param name="Name">The node's name (may be empty).</param>
/// <param name="OpType">The operator, e.g. <c>MatMul</c>.</param>
/// <param name="Inputs">Input value names, in order (an empty name is an omitted optional input).</param>
/// <param name="Outputs">Output value names, in order.</param>
/// <param name="Attributes">Attributes by name.</param>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes);
