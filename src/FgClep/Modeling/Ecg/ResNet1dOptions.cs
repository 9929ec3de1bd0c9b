namespace FgClep.Modeling.Ecg;

/// <summary>Shape of the 1-D ResNet ECG encoder.</summary>
public sealed record ResNet1dOptions
{
    /// <summary>Network depth: 18 or 34 (basic blocks), 50, 101 or 152 (bottleneck blocks).</summary>
    public int Depth { get; init; } = 18;

    /// <summary>Number of input channels (leads).</summary>
    public int InputChannels { get; init; } = 12;

    /// <summary>Channel width of the first stage; the stages use 1×, 2×, 4× and 8× this width.</summary>
    public int BaseWidth { get; init; } = 64;

    /// <summary>Kernel size of the stem convolution (stride 2).</summary>
    public int FirstKernelSize { get; init; } = 15;

    /// <summary>Kernel size of the convolutions inside the residual blocks (odd, so "same" padding is exact).</summary>
    public int KernelSize { get; init; } = 7;
}
