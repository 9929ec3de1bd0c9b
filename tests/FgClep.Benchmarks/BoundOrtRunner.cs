using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FgClep.Benchmarks;

/// <summary>
/// Runs an exported encoder with its input and output bound once to pre-allocated managed buffers (IOBinding), so a
/// batch costs a copy in, the run and a copy out, and no per-batch tensors. Full batches only.
/// </summary>
internal sealed class BoundOrtRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _batch, _per, _width;
    private readonly float[] _input, _output;
    private readonly OrtValue _inputValue, _outputValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public BoundOrtRunner(InferenceSession session, int batch, int per, int width)
    {
        (_session, _batch, _per, _width) = (session, batch, per, width);
        _input = new float[batch * per];
        _output = new float[batch * width];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [batch, per]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [batch, width]);
        _binding = session.CreateIoBinding();
        _binding.BindInput(OnnxExporter.SignalInput, _inputValue);
        _binding.BindOutput(OnnxExporter.EmbeddingOutput, _outputValue);
    }

    public float[][] Embed(IReadOnlyList<float[]> signals)
    {
        if (signals.Count % _batch != 0) throw new ArgumentException($"{signals.Count} signals are not whole batches of {_batch}.", nameof(signals));
        var result = new float[signals.Count][];
        for (int start = 0; start < signals.Count; start += _batch)
        {
            for (int i = 0; i < _batch; i++) signals[start + i].CopyTo(_input, i * _per);
            _session.RunWithBinding(_runOptions, _binding);
            for (int i = 0; i < _batch; i++) result[start + i] = _output.AsSpan(i * _width, _width).ToArray();
        }
        return result;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
    }
}
