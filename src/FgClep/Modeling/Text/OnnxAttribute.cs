namespace FgClep.Modeling.Text;

/// <summary>An ONNX <c>AttributeProto</c> of a node: the scalar, tensor or list value it carries (the others stay empty).</summary>
/// <param name="Name">The attribute's name, e.g. <c>value</c> or <c>epsilon</c>.</param>
/// <param name="Float">Field <c>f</c>.</param>
/// <param name="Int">Field <c>i</c>.</param>
/// <param name="Tensor">Field <c>t</c> (a <c>Constant</c> node's value).</param>
/// <param name="Floats">Field <c>floats</c>.</param>
/// <param name="Ints">Field <c>ints</c>.</param>
internal sealed record OnnxAttribute(string Name, float? Float, long? Int, OnnxTensor? Tensor, float[] Floats, long[] Ints);
