using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

#pragma warning disable IDE1006 // field names are the state-dict keys (PyTorch naming)

/// <summary>Two k-wide convolutions with a residual connection (ResNet-18/34).</summary>
internal sealed class ResNet1dBasicBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 1;

    private readonly Conv1d conv1;
    private readonly BatchNorm1d bn1;
    private readonly Conv1d conv2;
    private readonly BatchNorm1d bn2;
    private readonly Sequential? downsample;
    private readonly ConvolutionPrecision _precision;

    public ResNet1dBasicBlock(int inChannels, int width, int stride, int kernelSize, ConvolutionPrecision precision) : base(nameof(ResNet1dBasicBlock))
    {
        conv1 = nn.Conv1d(inChannels, width, kernelSize, stride: stride, padding: kernelSize / 2, bias: false);
        bn1 = nn.BatchNorm1d(width);
        conv2 = nn.Conv1d(width, width, kernelSize, padding: kernelSize / 2, bias: false);
        bn2 = nn.BatchNorm1d(width);
        downsample = ResNet1d.Shortcut(inChannels, width * Expansion, stride);
        _precision = precision;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.forward(Im2ColConv1d.Forward(conv1, input, _precision.ComputeType)));
        y = bn2.forward(Im2ColConv1d.Forward(conv2, y, _precision.ComputeType));
        var identity = ResNet1d.ApplyShortcut(downsample, input, _precision);
        return nn.functional.relu(y.add_(identity)).MoveToOuterDisposeScope();
    }
}
