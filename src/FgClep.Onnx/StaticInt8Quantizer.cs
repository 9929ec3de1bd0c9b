namespace FgClep.Onnx;

/// <summary>
/// Static int8 quantization in ONNX's QDQ form, the form ONNX Runtime's own quantizer writes and its graph optimizer fuses
/// into integer kernels (QLinearConv, QLinearAdd): each activation passes QuantizeLinear → DequantizeLinear as uint8 with the
/// scale and zero point of its calibrated range; each convolution weight is int8, symmetric per output channel; each bias
/// int32 at the input scale × the channel's weight scale.
/// </summary>
/// <remarks>
/// A range always includes 0, so ReLU outputs get zero point 0 and ONNX Runtime drops the ReLU into the quantization.
/// The pooled stem keeps the stem's scale and zero point, so MaxPool runs on uint8 directly.
/// </remarks>
internal sealed class StaticInt8Quantizer : EncoderQuantizationHook
{
    private readonly IReadOnlyDictionary<string, (float Min, float Max)> _ranges;
    private readonly Dictionary<string, float> _scaleOf = new(StringComparer.Ordinal);

    /// <param name="ranges">Each key's calibrated minimum and maximum.</param>
    public StaticInt8Quantizer(IReadOnlyDictionary<string, (float Min, float Max)> ranges) => _ranges = ranges;

    /// <summary>The uint8 scale and zero point of a range (widened to include 0).</summary>
    public static (float Scale, byte ZeroPoint) Uint8Parameters(float min, float max)
    {
        min = Math.Min(min, 0f);
        max = Math.Max(max, 0f);
        float scale = max > min ? (max - min) / 255f : 1f;
        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255));
    }

    public override string Activation(OnnxGraphBuilder g, string key, string tensor)
    {
        if (!_ranges.TryGetValue(key, out var range))
            throw new InvalidOperationException($"No calibrated range for activation '{key}'.");
        var (scale, zero) = Uint8Parameters(range.Min, range.Max);
        var scaleName = g.Scalar(key + ".scale", scale);
        var zeroName = g.Constant(key + ".zero_point", new[] { zero });
        var dequantized = g.Node("DequantizeLinear", [g.Node("QuantizeLinear", [tensor, scaleName, zeroName]), scaleName, zeroName]);
        _scaleOf[dequantized] = scale;
        return dequantized;
    }

    public override (string Weight, string Bias) ConvParameters(OnnxGraphBuilder g, string conv, string input, float[] weight, long[] dims, float[] bias)
    {
        if (!_scaleOf.TryGetValue(input, out float inputScale))
            throw new InvalidOperationException($"Convolution '{conv}' reads '{input}', which is not a quantized activation.");
        int channels = (int)dims[0], per = weight.Length / channels;
        var q = new sbyte[weight.Length];
        var weightScales = new float[channels];
        var biasScales = new float[channels];
        var qBias = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            float max = 0;
            for (int k = 0; k < per; k++) max = Math.Max(max, Math.Abs(weight[c * per + k]));
            float ws = max > 0 ? max / 127f : 1f;
            weightScales[c] = ws;
            for (int k = 0; k < per; k++) q[c * per + k] = (sbyte)Math.Clamp(MathF.Round(weight[c * per + k] / ws), -127, 127);
            biasScales[c] = inputScale * ws;
            qBias[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)biasScales[c]), int.MinValue + 1, int.MaxValue);
        }
        var axis = OnnxGraphBuilder.Int("axis", 0);
        var w = g.Node("DequantizeLinear", [g.Constant(conv + ".weight_q", q, dims), g.Constant(conv + ".weight_scale", weightScales, channels),
            g.Constant(conv + ".weight_zero_point", new sbyte[channels], channels)], axis);
        var b = g.Node("DequantizeLinear", [g.Constant(conv + ".bias_q", qBias, channels), g.Constant(conv + ".bias_scale", biasScales, channels),
            g.Constant(conv + ".bias_zero_point", new int[channels], channels)], axis);
        return (w, b);
    }
}
