using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Onnx;

/// <summary>A CPU float32 copy of a model's state dict (parameters and buffers by key) plus each batch norm's epsilon.</summary>
internal sealed class TorchWeights
{
    private readonly Dictionary<string, (float[] Values, long[] Shape)> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _batchNormEps = new(StringComparer.Ordinal);

    public TorchWeights(ClepModel network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (key, tensor) in network.state_dict())
        {
            if (!tensor.is_floating_point()) continue; // num_batches_tracked counters
            var cpu = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
            _tensors[key] = (cpu.data<float>().ToArray(), cpu.shape);
        }
        foreach (var (name, module) in network.named_modules())
            if (module is BatchNorm1d bn) _batchNormEps[name] = bn.eps;
    }

    public bool Contains(string key) => _tensors.ContainsKey(key);

    /// <summary>The tensor stored under <paramref name="key"/>, checked against the expected rank.</summary>
    public (float[] Values, long[] Shape) Get(string key, int rank)
    {
        if (!_tensors.TryGetValue(key, out var t))
            throw new InvalidOperationException($"The model has no tensor '{key}'; it is not a FgClep ResNet1d CLEP model this exporter understands.");
        if (t.Shape.Length != rank)
            throw new InvalidOperationException($"Tensor '{key}' has shape [{string.Join(", ", t.Shape)}]; expected rank {rank}.");
        return t;
    }

    /// <summary>The scalar stored under <paramref name="key"/>.</summary>
    public float Scalar(string key) => Get(key, 0).Values[0];

    /// <summary>Epsilon of the batch norm module at <paramref name="prefix"/> (e.g. <c>ecg_encoder.bn1</c>).</summary>
    public double BatchNormEps(string prefix)
        => _batchNormEps.TryGetValue(prefix, out var eps)
            ? eps
            : throw new InvalidOperationException($"The model has no batch norm module '{prefix}'.");
}
