using FgClep.Modeling.Ecg;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>Sets a <see cref="ResNet1d"/>'s convolution type for the length of a training run and restores it after, errors included.</summary>
internal sealed class EcgConvolutionTypeScope : IDisposable
{
    private readonly ResNet1d _encoder;
    private readonly ScalarType? _before;

    public EcgConvolutionTypeScope(ResNet1d encoder, ScalarType? type)
    {
        _encoder = encoder;
        _before = encoder.ConvolutionType;
        encoder.ConvolutionType = type;
    }

    public void Dispose() => _encoder.ConvolutionType = _before;
}
