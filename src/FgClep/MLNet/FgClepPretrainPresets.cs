using FgClep.Modeling;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;

namespace FgClep.MLNet;

/// <summary>Ready-made pre-training settings.</summary>
public static class FgClepPretrainPresets
{
    /// <summary>
    /// A small model that trains in minutes on a laptop CPU with a randomly initialised text encoder: ResNet18-1d
    /// (base width <paramref name="ecgWidth"/>, first kernel 15) + a 2-layer BERT (hidden 128, 4 heads), P = 256, batch 64,
    /// peak learning rates 5e-4 (text), 1e-3 (ECG), 0.05 (logit scale and bias), λ = 0.1 ramped in over the first half of
    /// training (the random text encoder's report similarities mean nothing at first), 96 tokens per report.
    /// The paper's settings are <see cref="Paper"/>.
    /// </summary>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="seed">Seed of initialisation and batch order.</param>
    /// <param name="vocabularyPath">A WordPiece vocab.txt (e.g. bert-base-uncased); null builds a word vocabulary from the reports.</param>
    /// <param name="preprocessing">The preprocessing the signal column was made with; null for the defaults.</param>
    /// <param name="ecgWidth">Base width of the ResNet18-1d.</param>
    /// <param name="learningRate">Peak learning rate of the text side (the ECG side uses twice this).</param>
    /// <param name="textEncoder">A pretrained text encoder (its own vocabulary and configuration replace the 2-layer BERT and
    /// <paramref name="vocabularyPath"/>); null keeps the randomly initialised 2-layer BERT.</param>
    /// <param name="textEncoderTraining">Which part of the text encoder trains; null (default) lets the estimator decide: frozen for a
    /// <see cref="FgClepPretrainOptions.PretrainedTextEncoder"/>, fine-tuned otherwise (see <see cref="ClepTrainerOptions.TextEncoderTraining"/>).</param>
    public static FgClepPretrainOptions SmallCpu(int epochs, int seed = 1, string? vocabularyPath = null,
        EcgPreprocessorOptions? preprocessing = null, int ecgWidth = 32, double learningRate = 5e-4, PretrainedTextEncoder? textEncoder = null,
        TextEncoderTraining? textEncoderTraining = null) => new()
    {
        Preprocessing = preprocessing ?? new EcgPreprocessorOptions(),
        PretrainedTextEncoder = textEncoder,
        VocabularyPath = textEncoder is null ? vocabularyPath : null,
        LowerCase = true,
        MaxTokens = 96,
        Model = new ClepModelOptions
        {
            Ecg = new ResNet1dOptions { Depth = 18, BaseWidth = ecgWidth, FirstKernelSize = 15, KernelSize = 7 },
            Text = new BertConfig { HiddenSize = 128, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 512, MaxPositionEmbeddings = 128 },
            ProjectionSize = 256,
        },
        Training = new ClepTrainerOptions
        {
            Epochs = epochs,
            BatchSize = 64,
            LearningRate = learningRate,
            EcgLearningRate = 2 * learningRate,
            LogitLearningRate = 0.05,
            FalseNegativeMitigationWeight = 0.1,
            FalseNegativeMitigationWarmupFraction = 0.5,
            Seed = seed,
            TextEncoderTraining = textEncoderTraining,
        },
    };

    /// <summary>
    /// The paper's stage-1 settings: ResNet50-1d (base width 64) on 500 Hz × 10 s, 12 leads; P = 256; batch 100; AdamW at
    /// peak 2e-5 with weight decay 1e-4, 10 % linear warm-up then cosine decay; the sigmoid loss with false-negative
    /// mitigation from the first step, at λ = 1 (the paper does not give λ; 1 is <see cref="ClepTrainerOptions"/>' default);
    /// the initial temperature 10 and bias −10; 128 tokens per report; whole reports (no sentence sampling).
    /// The paper's text encoder is Bio_ClinicalBERT, fine-tuned: give its folder as <paramref name="textEncoderPath"/>.
    /// Without one the best encoder that comes with FgClep is used, <see cref="PretrainedTextEncoder.MiniLmL6V2"/>, fine-tuned
    /// as the paper's is (a general-English model, not a clinical one). Stage 2 continues from the stage-1 model for 3 epochs
    /// with the same settings. Meant for a GPU (<see cref="ClepTrainerOptions.Device"/>) and a corpus like MIMIC-IV-ECG.
    /// </summary>
    /// <param name="epochs">Training epochs (the paper: 10 in stage 1, 3 in stage 2).</param>
    /// <param name="seed">Seed of initialisation and batch order.</param>
    /// <param name="textEncoderPath">A Hugging Face BERT folder (e.g. Bio_ClinicalBERT); null for MiniLM.</param>
    public static FgClepPretrainOptions Paper(int epochs = 10, int seed = 1, string? textEncoderPath = null) => new()
    {
        Preprocessing = new EcgPreprocessorOptions { SamplingRate = 500, SampleCount = 5000 },
        TextEncoderPath = textEncoderPath,
        PretrainedTextEncoder = textEncoderPath is null ? PretrainedTextEncoder.MiniLmL6V2 : null,
        MaxTokens = 128,
        Model = new ClepModelOptions { Ecg = new ResNet1dOptions { Depth = 50, BaseWidth = 64 }, ProjectionSize = 256 },
        Training = new ClepTrainerOptions
        {
            Epochs = epochs,
            BatchSize = 100,
            LearningRate = 2e-5,
            WeightDecay = 1e-4,
            WarmupFraction = 0.1,
            Loss = ClepLossKind.SigmoidWithFalseNegativeMitigation,
            FalseNegativeMitigationWeight = 1.0,
            FalseNegativeMitigationWarmupFraction = 0,
            SentenceSamplingShare = 0,
            Seed = seed,
            TextEncoderTraining = TextEncoderTraining.FineTune,
        },
    };

    /// <summary>
    /// A smoke-test model that fits in seconds: ResNet18-1d of base width 4 + a randomly initialised 1-layer BERT (hidden 32,
    /// 2 heads) over a word vocabulary built from the reports, P = 32, batch 8, 32 tokens per report, the small preset's
    /// learning rates. It checks that a pipeline runs end to end; its embeddings and probabilities mean nothing (all
    /// probabilities stay near σ(b), the learned bias).
    /// </summary>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="seed">Seed of initialisation and batch order.</param>
    /// <param name="preprocessing">The preprocessing the signal column was made with; null for the defaults.</param>
    public static FgClepPretrainOptions Tiny(int epochs = 1, int seed = 1, EcgPreprocessorOptions? preprocessing = null)
    {
        var small = SmallCpu(epochs, seed, preprocessing: preprocessing);
        return small with
        {
            MaxTokens = 32,
            Model = new ClepModelOptions
            {
                Ecg = small.Model.Ecg with { BaseWidth = 4 },
                Text = new BertConfig { HiddenSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 64, MaxPositionEmbeddings = 64 },
                ProjectionSize = 32,
            },
            Training = small.Training with { BatchSize = 8 },
        };
    }
}
