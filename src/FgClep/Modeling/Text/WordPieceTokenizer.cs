using System.Text;

namespace FgClep.Modeling.Text;

/// <summary>
/// The WordPiece half of Hugging Face's <c>BertTokenizer</c> (<c>WordpieceTokenizer</c>): greedy longest-match-first over
/// a vocabulary, pieces after the first looked up with the <c>##</c> continuation prefix. A word of more than
/// <see cref="MaxInputCharsPerWord"/> characters (Unicode code points, as Python counts), or one with a piece that
/// nothing in the vocabulary matches, becomes a single <c>[UNK]</c>.
/// </summary>
internal sealed class WordPieceTokenizer
{
    /// <summary>Hugging Face's <c>max_input_chars_per_word</c>.</summary>
    public const int MaxInputCharsPerWord = 100;

    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int> tokens;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuations;
    private readonly int longestStart;
    private readonly int longestContinuation;

    /// <summary>Indexes a vocabulary.</summary>
    /// <param name="vocabulary">The tokens, indexed by id. A token listed twice maps to its last id, as in Hugging Face's <c>load_vocab</c>.</param>
    /// <param name="unknownToken">The token for words that cannot be pieced together; must be in the vocabulary.</param>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary, string unknownToken = "[UNK]")
    {
        tokens = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        var continuationTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = vocabulary[id];
            tokens[token] = id;
            longestStart = Math.Max(longestStart, token.Length);
            if (token.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                var rest = token[ContinuationPrefix.Length..];
                continuationTokens[rest] = id;
                longestContinuation = Math.Max(longestContinuation, rest.Length);
            }
        }
        starts = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        continuations = continuationTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownTokenId = tokens.TryGetValue(unknownToken, out var unknown)
            ? unknown
            : throw new ArgumentException($"The vocabulary lacks the unknown token '{unknownToken}'.", nameof(vocabulary));
    }

    /// <summary>Id of the unknown token.</summary>
    public int UnknownTokenId { get; }

    /// <summary>The id of a whole token, e.g. <c>[CLS]</c>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="id">Its id (the last one where the vocabulary lists it twice).</param>
    /// <returns>Whether the vocabulary holds it.</returns>
    public bool TryGetId(string token, out int id) => tokens.TryGetValue(token, out id);

    /// <summary>Appends the pieces of one word (no whitespace, already split off by <see cref="BertBasicTokenizer"/>).</summary>
    /// <param name="word">The word.</param>
    /// <param name="ids">Receives the piece ids, or one <see cref="UnknownTokenId"/>.</param>
    public void Tokenize(ReadOnlySpan<char> word, List<int> ids)
    {
        if (word.IsEmpty) return;
        if (word.Length > MaxInputCharsPerWord && CodePoints(word) > MaxInputCharsPerWord)
        {
            ids.Add(UnknownTokenId);
            return;
        }

        var first = ids.Count;
        for (var start = 0; start < word.Length;)
        {
            var lookup = start == 0 ? starts : continuations;
            // No token is longer than the longest one in the vocabulary: shorter candidates only (same result, fewer lookups).
            var end = Math.Min(word.Length, start + (start == 0 ? longestStart : longestContinuation));
            var found = -1;
            for (; end > start; end--)
            {
                if (lookup.TryGetValue(word[start..end], out var id))
                {
                    found = id;
                    break;
                }
            }
            if (found < 0)
            {
                ids.RemoveRange(first, ids.Count - first);
                ids.Add(UnknownTokenId);
                return;
            }
            ids.Add(found);
            start = end;
        }
    }

    private static int CodePoints(ReadOnlySpan<char> word)
    {
        var count = 0;
        foreach (var _ in word.EnumerateRunes()) count++;
        return count;
    }
}
