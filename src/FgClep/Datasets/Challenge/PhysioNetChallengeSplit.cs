using System.Text;

namespace FgClep.Datasets.Challenge;

/// <summary>
/// Assigns records to train/validation/test by a seeded hash of the record id: ids are ordered by
/// hash(seed, id) and the first <c>round(n·train)</c> go to train, the next <c>round(n·validation)</c> to validation,
/// the rest to test. The result depends only on the set of ids and the seed (not on file order or on the runtime's Random).
/// </summary>
internal static class PhysioNetChallengeSplit
{
    public static Dictionary<string, string> Assign(IReadOnlyCollection<string> recordIds, int seed, double trainFraction, double validationFraction)
    {
        if (trainFraction < 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-12)
            throw new ArgumentOutOfRangeException(nameof(trainFraction), "Train and validation fractions must be non-negative and sum to at most 1.");
        var ordered = recordIds.OrderBy(id => Hash(seed, id)).ThenBy(id => id, StringComparer.Ordinal).ToArray();
        int train = (int)Math.Round(ordered.Length * trainFraction, MidpointRounding.AwayFromZero);
        int validation = Math.Min(ordered.Length - train, (int)Math.Round(ordered.Length * validationFraction, MidpointRounding.AwayFromZero));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Length; i++)
            result[ordered[i]] = i < train ? "train" : i < train + validation ? "validation" : "test";
        return result;
    }

    // FNV-1a over the UTF-8 id, then a SplitMix64 finaliser mixed with the seed.
    private static ulong Hash(int seed, string id)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(id)) { h ^= b; h *= 1099511628211UL; }
        h ^= (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        h ^= h >> 30; h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27; h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
