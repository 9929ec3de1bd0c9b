using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;

namespace FgClep.Benchmarks;

/// <summary>The quickstart architecture: ResNet18-1d (width 32, kernels 15/7) and a 4-layer BERT (hidden 256, 4 heads, FFN 1024).</summary>
internal static class QuickstartModel
{
    public static ClepModelOptions Options(int vocabularySize) => new()
    {
        Ecg = new ResNet1dOptions { Depth = 18, InputChannels = SyntheticPairs.Leads, BaseWidth = 32, FirstKernelSize = 15, KernelSize = 7 },
        Text = new BertConfig
        {
            VocabSize = vocabularySize, HiddenSize = 256, NumHiddenLayers = 4, NumAttentionHeads = 4, IntermediateSize = 1024,
            MaxPositionEmbeddings = 512,
        },
    };
}
