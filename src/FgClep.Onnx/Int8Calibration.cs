using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FgClep.Onnx;

/// <summary>
/// Measures the range of every activation the int8 encoder quantizes: the float graph with <see cref="CalibrationTaps"/>
/// runs on the calibration signals in ONNX Runtime, and each tap's minimum and maximum over all of them is kept.
/// </summary>
internal static class Int8Calibration
{
    private const int BatchSize = 32;

    public static Dictionary<string, (float Min, float Max)> Ranges(TorchWeights weights, int leads, int samples, IReadOnlyList<float[]> signals)
    {
        int length = leads * samples;
        if (signals.Count == 0) throw new ArgumentException("Int8 calibration needs at least one signal; a few hundred records are usual.", nameof(signals));
        for (int i = 0; i < signals.Count; i++)
        {
            if (signals[i] is null || signals[i].Length != length)
                throw new ArgumentException($"Calibration signal {i} has {signals[i]?.Length ?? 0} values; the model takes {leads} leads × {samples} samples = {length}.", nameof(signals));
            int bad = Array.FindIndex(signals[i], v => !float.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"Calibration signal {i} has a value that is not finite ({signals[i][bad]}) at index {bad}.", nameof(signals));
        }

        var g = new OnnxGraphBuilder("fgclep_int8_calibration");
        g.BatchInput(OnnxExporter.SignalInput, length);
        var taps = new CalibrationTaps();
        EcgEncoderGraph.Emit(g, weights, OnnxExporter.SignalInput, leads, samples, outputName: null, EcgConvLayout.TwoDimensional, taps);
        var ranges = taps.Keys.ToDictionary(k => k, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity), StringComparer.Ordinal);
        var outputs = taps.Keys.Select(CalibrationTaps.OutputName).ToArray();

        using var session = new InferenceSession(g.ToModel("FgClep int8 calibration taps").ToByteArray());
        using var runOptions = new RunOptions();
        for (int start = 0; start < signals.Count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, signals.Count - start);
            var buffer = new float[n * length];
            for (int i = 0; i < n; i++) signals[start + i].CopyTo(buffer, i * length);
            using var input = OrtValue.CreateTensorValueFromMemory(buffer, [n, length]);
            using var results = session.Run(runOptions, [OnnxExporter.SignalInput], [input], outputs);
            for (int k = 0; k < outputs.Length; k++)
            {
                var (min, max) = ranges[taps.Keys[k]];
                foreach (var v in results[k].GetTensorDataAsSpan<float>())
                {
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                ranges[taps.Keys[k]] = (min, max);
            }
        }
        return ranges;
    }
}
