using System.Globalization;

namespace FgClep.Quickstart;

/// <summary>Command line of the quickstart: <c>[--records N] [--out DIR] [--seed S]</c>.</summary>
internal sealed record QuickstartArguments(int Records, string? OutputDirectory, int Seed)
{
    public const string Usage = "usage: FgClep.Quickstart [--records N (default 2500: 80 % train, 20 % test)] [--out DIR] [--seed S]";

    public static QuickstartArguments Parse(string[] args)
    {
        int records = 2500, seed = 1;
        string? output = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = PositiveInt("--records", Value()); break;
                case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": output = Value(); break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (records < 2) throw new ArgumentException("--records must be at least 2 (one train and one test record).");
        return new QuickstartArguments(records, output, seed);
    }

    private static int PositiveInt(string name, string text)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{name} expects a positive integer, found '{text}'.");
}
