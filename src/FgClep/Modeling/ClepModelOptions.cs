using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;

namespace FgClep.Modeling;

/// <summary>Architecture of a <see cref="ClepModel"/>: both encoders, the shared embedding size and the initial logit scale and bias.</summary>
public sealed record ClepModelOptions
{
    /// <summary>The ECG encoder. Default: ResNet18-1d over 12 leads.</summary>
    public ResNet1dOptions Ecg { get; init; } = new();

    /// <summary>The text encoder's BERT configuration. Default: a small 4-layer BERT (hidden 256) for CPU work; use a checkpoint's config.json for BioClinicalBERT.</summary>
    public BertConfig Text { get; init; } = new() { HiddenSize = 256, NumHiddenLayers = 4, NumAttentionHeads = 4, IntermediateSize = 1024, MaxPositionEmbeddings = 512 };

    /// <summary>How token states become one text vector. Default: mean over non-padding tokens.</summary>
    public TextPooling TextPooling { get; init; } = TextPooling.Mean;

    /// <summary>Size P of the shared embedding space. Default 256.</summary>
    public int ProjectionSize { get; init; } = 256;

    /// <summary>Initial log-temperature t' (the scale is exp(t')). Default log 10, as in the paper.</summary>
    public double InitialLogitScale { get; init; } = Math.Log(10);

    /// <summary>Initial logit bias b. Default −10, as in the paper.</summary>
    public double InitialLogitBias { get; init; } = -10;
}
