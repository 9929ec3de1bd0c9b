using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>Input row of the savable embedding mapping: a preprocessed signal of the default shape (12 leads × 1000 samples).</summary>
public sealed class EcgSignalInput
{
    /// <summary>Lead-major preprocessed signal.</summary>
    [VectorType(FgClepMLNetModel.DefaultSignalLength)]
    public float[] Signal { get; set; } = Array.Empty<float>();
}
