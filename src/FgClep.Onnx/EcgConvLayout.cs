namespace FgClep.Onnx;

/// <summary>How the exported graph lays out the ECG encoder's 1-D convolutions.</summary>
internal enum EcgConvLayout
{
    /// <summary>2-D convolutions with 1×k kernels over [batch, channels, 1, time], so ONNX Runtime's NCHWc kernels apply (the default).</summary>
    TwoDimensional,

    /// <summary>Native 1-D convolutions over [batch, channels, time].</summary>
    OneDimensional,
}
