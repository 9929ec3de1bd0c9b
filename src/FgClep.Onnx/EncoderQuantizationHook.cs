namespace FgClep.Onnx;

/// <summary>
/// Where <see cref="EcgEncoderGraph"/> lets int8 export act: on each activation a quantized graph carries as uint8 (the
/// signal, every convolution output, every residual sum), and on each convolution's folded weight and bias. The plain
/// float graph uses no hook.
/// </summary>
internal abstract class EncoderQuantizationHook
{
    /// <summary>Called with an activation tensor and its stable key; returns the tensor later nodes read.</summary>
    public abstract string Activation(OnnxGraphBuilder g, string key, string tensor);

    /// <summary>The weight [out, in, 1, k] and bias [out] inputs of a convolution that reads <paramref name="input"/>.</summary>
    public virtual (string Weight, string Bias) ConvParameters(OnnxGraphBuilder g, string conv, string input, float[] weight, long[] dims, float[] bias) =>
        (g.Constant(conv + ".weight", weight, dims), g.Constant(conv + ".bias", bias, dims[0]));
}
