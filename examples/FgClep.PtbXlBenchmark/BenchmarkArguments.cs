using System.Globalization;
using FgClep.Modeling.Text;
using FgClep.Training;

namespace FgClep.PtbXlBenchmark;

/// <summary>Command line: <c>[--ptbxl DIR] [--out DIR] [--synthetic N] [--epochs E] [--seed S]</c>.</summary>
internal sealed record BenchmarkArguments(string PtbXlDirectory, string? OutputDirectory, int Synthetic, int Epochs, int PtbXlEpochs, int Seed, string? MerlSplitDirectory)
{
    /// <summary>Text encoder of the main models: a pretrained one's short name (<c>minilm</c>, <c>arctic</c>) or <c>random</c>.</summary>
    public string TextEncoder { get; init; } = "minilm";

    /// <summary>Whether to train the text-encoder comparison (<c>clepMiniLm</c>, <c>clepArctic</c>, <c>clepRandomText</c>).</summary>
    public bool CompareTextEncoders { get; init; } = true;

    /// <summary>How the pretrained text towers train (both stages); null for frozen.</summary>
    public TextEncoderTraining? TextTraining { get; init; }

    /// <summary>Peak learning rate of the pretrained text layers that train; null for the text side's rate.</summary>
    public double? TextEncoderLearningRate { get; init; }

    /// <summary>Sentence-sampling share of every model's training; null for the preset's.</summary>
    public double? SentenceSampling { get; init; }

    public const string Usage =
        "usage: FgClep.PtbXlBenchmark [--ptbxl DIR (default ../shared/data/ptbxl)] [--out DIR] [--synthetic N (default 2000)] " +
        "[--epochs E (stage-1 epochs on corpora with synthetic records, default 8)] [--ptbxl-epochs E (PTB-XL-only corpus, default 30)] [--seed S] " +
        "[--merl-splits DIR (MERL's ptbxl split folder: super_class/, sub_class/, form/, rhythm/; default <ptbxl>/../merl_splits/ptbxl when present) | --official-folds] " +
        "[--text-encoder minilm|arctic|random (default minilm)] [--no-text-encoder-comparison] [--sentence-sampling P (default: the preset's)] " +
        "[--text-training frozen|finetune|top:N (pretrained towers, default frozen)] [--text-encoder-lr R]";

    public static BenchmarkArguments Parse(string[] args, string defaultPtbXl)
    {
        string ptbxl = defaultPtbXl;
        string? output = null, merl = null;
        bool officialFolds = false, compare = true;
        string textEncoder = "minilm";
        int synthetic = 2000, epochs = 8, ptbxlEpochs = 30, seed = 1;
        double? sentenceSampling = null, textEncoderLr = null;
        TextEncoderTraining? textTraining = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--ptbxl": ptbxl = Value(); break;
                case "--out": output = Value(); break;
                case "--synthetic": synthetic = Int("--synthetic", Value(), 0); break;
                case "--epochs": epochs = Int("--epochs", Value(), 1); break;
                case "--ptbxl-epochs": ptbxlEpochs = Int("--ptbxl-epochs", Value(), 1); break;
                case "--seed": seed = Int("--seed", Value(), int.MinValue); break;
                case "--merl-splits": merl = Value(); break;
                case "--official-folds": officialFolds = true; break;
                case "--text-encoder":
                    textEncoder = Value();
                    if (textEncoder != "random" && PretrainedTextEncoder.Find(textEncoder) is null)
                        throw new ArgumentException($"--text-encoder expects minilm, arctic or random, found '{textEncoder}'.");
                    break;
                case "--no-text-encoder-comparison": compare = false; break;
                case "--text-training":
                    string mode = Value();
                    if (!TextEncoderTraining.TryParse(mode, out textTraining))
                        throw new ArgumentException($"--text-training expects frozen, finetune or top:N, found '{mode}'.");
                    break;
                case "--text-encoder-lr": textEncoderLr = Double("--text-encoder-lr", Value(), 0, double.MaxValue); break;
                case "--sentence-sampling": sentenceSampling = Double("--sentence-sampling", Value(), 0, 1); break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (merl is not null && officialFolds) throw new ArgumentException("Give --merl-splits or --official-folds, not both.");
        if (merl is null && !officialFolds)
        {
            var candidate = Path.Combine(ptbxl, "..", "merl_splits", "ptbxl");
            if (Directory.Exists(candidate)) merl = candidate;
        }
        else if (merl is not null && !Directory.Exists(merl)) throw new ArgumentException($"--merl-splits folder '{merl}' does not exist.");
        return new BenchmarkArguments(ptbxl, output, synthetic, epochs, ptbxlEpochs, seed, officialFolds ? null : merl)
        {
            TextEncoder = textEncoder, CompareTextEncoders = compare, SentenceSampling = sentenceSampling,
            TextTraining = textTraining, TextEncoderLearningRate = textEncoderLr,
        };
    }

    private static double Double(string name, string text, double min, double max)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max && double.IsFinite(v)
            ? v
            : throw new ArgumentException(max == double.MaxValue
                ? $"{name} expects a finite number ≥ {min}, found '{text}'."
                : $"{name} expects a number from {min} to {max}, found '{text}'.");

    private static int Int(string name, string text, int min)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min
            ? v
            : throw new ArgumentException($"{name} expects an integer ≥ {min}, found '{text}'.");
}
