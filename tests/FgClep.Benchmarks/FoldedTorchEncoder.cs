using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Onnx;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// The graph the ONNX export writes, run by TorchSharp: a basic-block ResNet1d's batch norms folded into its
/// convolutions (bias added), in-place ReLU and residual additions, then projection and L2 normalisation. Separates
/// what the export's graph changes buy from what ONNX Runtime's kernels buy.
/// </summary>
internal sealed class FoldedTorchEncoder : IDisposable
{
    private readonly List<Tensor> _tensors = [];
    private readonly (Tensor W, Tensor B, long Stride) _stem;
    private readonly List<((Tensor W, Tensor B, long Stride) Conv1, (Tensor W, Tensor B, long Stride) Conv2, (Tensor W, Tensor B, long Stride)? Shortcut)> _blocks = [];
    private readonly Tensor? _hiddenW, _hiddenB;
    private readonly Tensor _projW, _projB;

    public FoldedTorchEncoder(ClepModel network)
    {
        var w = new TorchWeights(network);
        _stem = Fold(w, "ecg_encoder.conv1", "ecg_encoder.bn1", 2);
        for (int stage = 1; stage <= 4; stage++)
        {
            for (int block = 0; w.Contains($"ecg_encoder.layer{stage}.{block}.conv1.weight"); block++)
            {
                var p = $"ecg_encoder.layer{stage}.{block}";
                if (w.Contains($"{p}.conv3.weight")) throw new NotSupportedException("Bottleneck blocks are not folded here.");
                long stride = stage > 1 && block == 0 ? 2 : 1;
                _blocks.Add((Fold(w, $"{p}.conv1", $"{p}.bn1", stride), Fold(w, $"{p}.conv2", $"{p}.bn2", 1),
                    w.Contains($"{p}.downsample.0.weight") ? Fold(w, $"{p}.downsample.0", $"{p}.downsample.1", stride) : null));
            }
        }
        if (w.Contains("ecg_projection.hidden.weight"))
            (_hiddenW, _hiddenB) = (Keep(w.Get("ecg_projection.hidden.weight", 2)), Keep(w.Get("ecg_projection.hidden.bias", 1)));
        (_projW, _projB) = (Keep(w.Get("ecg_projection.projection.weight", 2)), Keep(w.Get("ecg_projection.projection.bias", 1)));
    }

    /// <summary>L2-normalised embeddings of signals [batch, leads, samples] (call under inference mode).</summary>
    public Tensor Forward(Tensor x)
    {
        x = Conv(_stem, x).relu_();
        x = nn.functional.max_pool1d(x, 3, 2, 1);
        foreach (var (conv1, conv2, shortcut) in _blocks)
        {
            var y = Conv(conv2, Conv(conv1, x).relu_());
            x = y.add_(shortcut is { } s ? Conv(s, x) : x).relu_();
        }
        x = x.mean([2]);
        if (_hiddenW is not null) x = nn.functional.gelu(nn.functional.linear(x, _hiddenW, _hiddenB));
        x = nn.functional.linear(x, _projW, _projB);
        return nn.functional.normalize(x, p: 2, dim: 1, eps: 1e-8);
    }

    public void Dispose() => _tensors.ForEach(t => t.Dispose());

    private static Tensor Conv((Tensor W, Tensor B, long Stride) c, Tensor x)
        => nn.functional.conv1d(x, c.W, c.B, stride: c.Stride, padding: c.W.shape[2] / 2);

    private (Tensor W, Tensor B, long Stride) Fold(TorchWeights w, string conv, string bn, long stride)
    {
        var (weight, shape) = w.Get($"{conv}.weight", 3);
        var (gamma, beta) = (w.Get($"{bn}.weight", 1).Values, w.Get($"{bn}.bias", 1).Values);
        var (mean, variance) = (w.Get($"{bn}.running_mean", 1).Values, w.Get($"{bn}.running_var", 1).Values);
        double eps = w.BatchNormEps(bn);
        long per = shape[1] * shape[2];
        var folded = new float[weight.Length];
        var bias = new float[shape[0]];
        for (int o = 0; o < shape[0]; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + eps);
            for (long k = 0; k < per; k++) folded[o * per + k] = (float)(weight[o * per + k] * scale);
            bias[o] = (float)(beta[o] - mean[o] * scale);
        }
        return (Keep((folded, shape)), Keep((bias, [shape[0]])), stride);
    }

    private Tensor Keep((float[] Values, long[] Shape) t)
    {
        var kept = tensor(t.Values, t.Shape);
        _tensors.Add(kept);
        return kept;
    }
}
