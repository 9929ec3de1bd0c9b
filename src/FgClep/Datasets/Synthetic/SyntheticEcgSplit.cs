using FgClep.IO;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// The split of N generated records, the same in the library and the CLI: records 0 to 80 % are <c>train</c>, the next 10 %
/// <c>validation</c>, the rest <c>test</c> (each share rounded to whole records).
/// </summary>
public static class SyntheticEcgSplit
{
    /// <summary>The first record index and the record count of <paramref name="split"/> (<c>train</c>, <c>validation</c> or <c>test</c>) among <paramref name="total"/> records.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="split"/> is none of the three.</exception>
    public static (int Start, int Count) Range(int total, string split)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var (train, validation) = Sizes(total);
        return split switch
        {
            "train" => (0, train),
            "validation" => (train, validation),
            "test" => (train + validation, total - train - validation),
            _ => throw new ArgumentException($"'{split}' is not a split: use train, validation or test.", nameof(split)),
        };
    }

    /// <summary>The split of record <paramref name="index"/> among <paramref name="total"/>.</summary>
    public static string Of(int index, int total)
    {
        var (train, validation) = Sizes(total);
        return index < train ? "train" : index < train + validation ? "validation" : "test";
    }

    /// <summary>
    /// The records of <paramref name="split"/> (null: all) among the first <paramref name="total"/> of
    /// <paramref name="generator"/>, generated lazily, each with its <see cref="EcgRecord.Split"/> set; and the first index.
    /// </summary>
    internal static (IEcgRecordSource Source, int Start) Source(SyntheticEcgGenerator generator, int total, string? split)
    {
        var (start, count) = split is null ? (0, total) : Range(total, split);
        var source = EcgRecordSource.FromFactory(() => generator.Generate(start, count).Select((r, i) => r.WithSplit(Of(start + i, total))), count);
        return (source, start);
    }

    private static (int Train, int Validation) Sizes(int total) => ((int)Math.Round(total * 0.8), (int)Math.Round(total * 0.1));
}
