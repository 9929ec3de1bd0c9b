using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>Output row of the savable embedding mapping: the L2-normalised ECG embedding of the default size (256).</summary>
public sealed class EcgEmbeddingOutput
{
    /// <summary>The embedding.</summary>
    [VectorType(FgClepMLNetModel.DefaultEmbeddingSize)]
    public float[] EcgEmbedding { get; set; } = Array.Empty<float>();
}
