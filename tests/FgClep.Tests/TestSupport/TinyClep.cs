using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;

namespace FgClep.Tests.TestSupport;

/// <summary>A very small CLEP model and data set for fast trainer tests.</summary>
internal static class TinyClep
{
    public const int Leads = 12, Samples = 64;

    private static readonly string[] Words = { "sinus rhythm", "atrial fibrillation", "left bundle branch block", "st depression", "normal ecg", "t wave inversion" };

    public static ReportTokenizer Tokenizer() => ReportTokenizer.FromTexts(Words, lowerCase: true, maxLength: 16);

    public static ClepModelOptions ModelOptions(ReportTokenizer tokenizer) => new()
    {
        Ecg = new ResNet1dOptions { Depth = 18, InputChannels = Leads, BaseWidth = 4, FirstKernelSize = 7, KernelSize = 3 },
        Text = new BertConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2,
            IntermediateSize = 32, MaxPositionEmbeddings = 32,
        },
        ProjectionSize = 8,
    };

    public static ClepModel Model(ReportTokenizer tokenizer, int seed = 5)
    {
        TorchSharp.torch.random.manual_seed(seed);
        return new ClepModel(ModelOptions(tokenizer));
    }

    /// <summary>The tiny network with its tokenizer and 12 × <see cref="Samples"/> preprocessing, as a library model.</summary>
    public static ClepEncoder EmbeddingModel(int seed = 5)
    {
        var tokenizer = Tokenizer();
        return new ClepEncoder(Model(tokenizer, seed), tokenizer, new EcgPreprocessorOptions { SampleCount = Samples });
    }

    public static ClepTrainingData Data(int count, int seed = 11)
    {
        var rng = new Random(seed);
        var data = new ClepTrainingData(Leads, Samples);
        for (int i = 0; i < count; i++)
        {
            int cls = rng.Next(Words.Length);
            var signal = new float[Leads * Samples];
            for (int k = 0; k < signal.Length; k++) signal[k] = (float)(Math.Sin(k * (cls + 1) * 0.05) + 0.1 * (rng.NextDouble() - 0.5));
            data.Add(signal, Words[cls]);
        }
        return data;
    }
}
