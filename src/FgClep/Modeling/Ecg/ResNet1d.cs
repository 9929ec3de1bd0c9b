using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

#pragma warning disable IDE1006 // field names are the state-dict keys (PyTorch naming)

/// <summary>
/// 1-D ResNet ECG encoder: a strided stem convolution and max-pool, four residual stages
/// (widths <see cref="ResNet1dOptions.BaseWidth"/>×1, 2, 4, 8; stages 2–4 halve the time axis) and global average pooling.
/// Input <c>[batch, channels, time]</c> float32; output <c>[batch, EmbeddingSize]</c>.
/// </summary>
public sealed class ResNet1d : nn.Module<Tensor, Tensor>
{
    private readonly Conv1d conv1;
    private readonly BatchNorm1d bn1;
    private readonly MaxPool1d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly ConvolutionPrecision _precision = new();

    /// <summary>Builds a randomly initialised network.</summary>
    /// <param name="options">Depth, input channels, widths and kernel sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its valid range.</exception>
    public ResNet1d(ResNet1dOptions options) : base(nameof(ResNet1d))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var (bottleneck, blocks) = ResNet1dBlockLayout.For(options.Depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InputChannels, 1, nameof(options.InputChannels));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseWidth, 1, nameof(options.BaseWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstKernelSize, 1, nameof(options.FirstKernelSize));
        if (options.KernelSize < 1 || options.KernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.KernelSize, "KernelSize must be a positive odd number.");

        var w = options.BaseWidth;
        conv1 = nn.Conv1d(options.InputChannels, w, options.FirstKernelSize, stride: 2, padding: options.FirstKernelSize / 2, bias: false);
        bn1 = nn.BatchNorm1d(w);
        maxpool = nn.MaxPool1d(3, stride: 2, padding: 1);

        var channels = w;
        layer1 = Stage(ref channels, w, blocks[0], 1, bottleneck, options.KernelSize, _precision);
        layer2 = Stage(ref channels, w * 2, blocks[1], 2, bottleneck, options.KernelSize, _precision);
        layer3 = Stage(ref channels, w * 4, blocks[2], 2, bottleneck, options.KernelSize, _precision);
        layer4 = Stage(ref channels, w * 8, blocks[3], 2, bottleneck, options.KernelSize, _precision);
        EmbeddingSize = channels;

        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The options this network was built with.</summary>
    public ResNet1dOptions Options { get; }

    /// <summary>Length of the pooled output vector: 8×BaseWidth (×4 for bottleneck depths 50/101/152).</summary>
    public int EmbeddingSize { get; }

    /// <summary>
    /// The number type the convolutions compute in: null (default) for the weights' own, or <see cref="ScalarType.BFloat16"/>
    /// for mixed precision, where each convolution casts its input and weight to bfloat16 and its output back, while the
    /// weights, their gradients and batch norm stay float32 (what PyTorch's CPU autocast does for convolutions).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A type other than null, Float32 or BFloat16.</exception>
    public ScalarType? ConvolutionType
    {
        get => _precision.ComputeType;
        set => _precision.ComputeType = value switch
        {
            null or ScalarType.Float32 => null,
            ScalarType.BFloat16 => value,
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Convolutions compute in Float32 or BFloat16."),
        };
    }

    /// <summary>Encodes a batch of ECGs.</summary>
    /// <param name="input">Signals <c>[batch, InputChannels, time]</c>.</param>
    /// <returns>Globally average-pooled features <c>[batch, EmbeddingSize]</c>.</returns>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.shape[1] != Options.InputChannels)
            throw new ArgumentException(
                $"Expected ECG input [batch, {Options.InputChannels}, time]; found [{string.Join(", ", input.shape)}].", nameof(input));
        using var scope = NewDisposeScope();
        var x = maxpool.forward(nn.functional.relu(bn1.forward(Im2ColConv1d.Forward(conv1, input, _precision.ComputeType))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return x.mean([2]).MoveToOuterDisposeScope();
    }

    /// <summary>A 1×1 strided convolution + batch norm when the residual path changes shape; null when identity fits.</summary>
    internal static Sequential? Shortcut(int inChannels, int outChannels, int stride)
        => stride == 1 && inChannels == outChannels
            ? null
            : nn.Sequential(nn.Conv1d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm1d(outChannels));

    /// <summary>The residual path: <paramref name="input"/> itself, or the shortcut's convolution (see <see cref="Im2ColConv1d"/>) and batch norm.</summary>
    internal static Tensor ApplyShortcut(Sequential? shortcut, Tensor input, ConvolutionPrecision precision)
    {
        if (shortcut is null) return input;
        var parts = shortcut.children().ToArray();
        return parts[1] is nn.Module<Tensor, Tensor> norm && parts[0] is Conv1d conv
            ? norm.forward(Im2ColConv1d.Forward(conv, input, precision.ComputeType))
            : throw new InvalidOperationException("A ResNet1d shortcut must be a Conv1d followed by a BatchNorm1d.");
    }

    private static Sequential Stage(ref int channels, int width, int blockCount, int stride, bool bottleneck, int kernelSize, ConvolutionPrecision precision)
    {
        var blocks = new List<nn.Module<Tensor, Tensor>>(blockCount);
        for (var i = 0; i < blockCount; i++)
        {
            var s = i == 0 ? stride : 1;
            if (bottleneck)
            {
                blocks.Add(new ResNet1dBottleneckBlock(channels, width, s, kernelSize, precision));
                channels = width * ResNet1dBottleneckBlock.Expansion;
            }
            else
            {
                blocks.Add(new ResNet1dBasicBlock(channels, width, s, kernelSize, precision));
                channels = width * ResNet1dBasicBlock.Expansion;
            }
        }
        return nn.Sequential(blocks);
    }

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv1d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm1d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }
}
