using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

#pragma warning disable IDE1006 // field names are the state-dict keys (PyTorch naming)

/// <summary>1×1 reduce, k-wide (strided) and 1×1 expand convolutions with a residual connection (ResNet-50/101/152).</summary>
internal sealed class ResNet1dBottleneckBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv1d conv1;
    private readonly BatchNorm1d bn1;
    private readonly Conv1d conv2;
    private readonly BatchNorm1d bn2;
    private readonly Conv1d conv3;
    private readonly BatchNorm1d bn3;
    private readonly Sequential? downsample;
    private readonly ConvolutionPrecision _precision;

    public ResNet1dBottleneckBlock(int inChannels, int width, int stride, int kernelSize, ConvolutionPrecision precision) : base(nameof(ResNet1dBottleneckBlock))
    {
        conv1 = nn.Conv1d(inChannels, width, 1, bias: false);
        bn1 = nn.BatchNorm1d(width);
        conv2 = nn.Conv1d(width, width, kernelSize, stride: stride, padding: kernelSize / 2, bias: false);
        bn2 = nn.BatchNorm1d(width);
        conv3 = nn.Conv1d(width, width * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm1d(width * Expansion);
        downsample = ResNet1d.Shortcut(inChannels, width * Expansion, stride);
        _precision = precision;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.forward(Im2ColConv1d.Forward(conv1, input, _precision.ComputeType)));
        y = nn.functional.relu(bn2.forward(Im2ColConv1d.Forward(conv2, y, _precision.ComputeType)));
        y = bn3.forward(Im2ColConv1d.Forward(conv3, y, _precision.ComputeType));
        var identity = ResNet1d.ApplyShortcut(downsample, input, _precision);
        return nn.functional.relu(y.add_(identity)).MoveToOuterDisposeScope();
    }
}
