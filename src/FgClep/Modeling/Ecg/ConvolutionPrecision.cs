using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

/// <summary>
/// The number type a <see cref="ResNet1d"/>'s convolutions compute in, shared by the network and its blocks: null for the
/// weights' own type, or <see cref="ScalarType.BFloat16"/> for mixed precision (inputs and weights cast per call, as PyTorch's
/// autocast does; the weights, their gradients, batch norm and everything after the encoder stay float32).
/// </summary>
internal sealed class ConvolutionPrecision
{
    public ScalarType? ComputeType { get; set; }
}
