using System.Globalization;

namespace FgClep.PtbXlBenchmark;

/// <summary>Command line: <c>[--ptbxl DIR] [--out DIR] [--synthetic N] [--epochs E] [--seed S]</c>.</summary>
internal sealed record BenchmarkArguments(string PtbXlDirectory, string? OutputDirectory, int Synthetic, int Epochs, int PtbXlEpochs, int Seed)
{
    public const string Usage =
        "usage: FgClep.PtbXlBenchmark [--ptbxl DIR (default ../shared/data/ptbxl)] [--out DIR] [--synthetic N (default 2000)] " +
        "[--epochs E (stage-1 epochs on corpora with synthetic records, default 8)] [--ptbxl-epochs E (PTB-XL-only corpus, default 30)] [--seed S]";

    public static BenchmarkArguments Parse(string[] args, string defaultPtbXl)
    {
        string ptbxl = defaultPtbXl;
        string? output = null;
        int synthetic = 2000, epochs = 8, ptbxlEpochs = 30, seed = 1;
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
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return new BenchmarkArguments(ptbxl, output, synthetic, epochs, ptbxlEpochs, seed);
    }

    private static int Int(string name, string text, int min)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min
            ? v
            : throw new ArgumentException($"{name} expects an integer ≥ {min}, found '{text}'.");
}
