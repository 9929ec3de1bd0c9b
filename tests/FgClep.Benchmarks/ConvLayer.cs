using TorchSharp.Modules;

namespace FgClep.Benchmarks;

/// <summary>
/// One convolution of a forward pass: its module, input and output length, and its forward FLOPs per sample,
/// 2 · Cin/groups · Cout · K · Lout = 2 · (weight elements) · (output positions) (one multiply and one add per weight
/// per output position; batch norm, activations, additions and pooling are not counted).
/// </summary>
internal sealed record ConvLayer(string Name, Conv1d Module, long InChannels, long OutChannels, long Kernel, long InLength, long OutLength)
{
    public double ForwardFlops => 2.0 * Module.weight!.numel() * OutLength;

    /// <summary>The stage a layer belongs to: <c>conv1</c> (stem), <c>layer1</c>..<c>layer4</c>, or <c>shortcuts</c>.</summary>
    public string Stage => Name.Contains(".downsample.", StringComparison.Ordinal) ? "shortcuts" : Name.Split('.')[0];
}
