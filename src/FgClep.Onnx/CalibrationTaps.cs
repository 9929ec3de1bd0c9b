namespace FgClep.Onnx;

/// <summary>
/// Calibration: leaves the float graph as it is and makes every activation the int8 graph quantizes a graph output, named
/// named <see cref="OutputName"/> of its key, so one ONNX Runtime run over the calibration records gives each one's range.
/// </summary>
internal sealed class CalibrationTaps : EncoderQuantizationHook
{
    private readonly List<string> _keys = new();

    /// <summary>The tapped keys, in graph order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The graph output that carries activation <paramref name="key"/>.</summary>
    public static string OutputName(string key) => "calibration:" + key;

    public override string Activation(OnnxGraphBuilder g, string key, string tensor)
    {
        if (_keys.Contains(key)) return tensor; // the pooled stem shares the stem's range
        _keys.Add(key);
        g.Node("Identity", [tensor], OutputName(key));
        g.UnshapedOutput(OutputName(key));
        return tensor;
    }
}
