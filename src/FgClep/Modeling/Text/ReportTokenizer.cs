using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// Turns report texts into BERT inputs (<c>[CLS] … [SEP]</c>, truncated to <see cref="MaxLength"/>, padded to the longest text
/// of the batch) with WordPiece over a <c>vocab.txt</c> (one token a line, id = line number), giving the ids Hugging Face's
/// (slow) <c>BertTokenizer</c> gives with the same vocabulary and <c>do_lower_case</c>.
/// </summary>
/// <remarks>
/// <para>Words are split as Hugging Face's <c>BasicTokenizer</c> splits them: control characters dropped, tabs and line breaks
/// are spaces, CJK ideographs are words, NFC, and every punctuation character (ASCII <c>!</c>…<c>/</c>, <c>:</c>…<c>@</c>,
/// <c>[</c>…<c>`</c>, <c>{</c>…<c>~</c>, so also <c>&lt; = &gt; + $ ~ |</c>, and any Unicode <c>P*</c> such as the en dash) is
/// a word of its own. Symbols that are not punctuation (<c>°</c>, <c>µ</c>, <c>²</c>) stay inside their word and are
/// word-pieced with it (<c>"30°"</c> is <c>30</c>, <c>##°</c>). With <see cref="LowerCase"/> the words are also lower-cased
/// and their accents stripped (<c>"überdreht"</c> is looked up as <c>uberdreht</c>); without it neither happens, which
/// is how cased checkpoints (Bio_ClinicalBERT's cased BERT vocabulary) were pretrained.</para>
/// <para>Special tokens: as in Hugging Face, <c>[PAD] [UNK] [CLS] [SEP] [MASK]</c> written literally in a text (case-sensitive,
/// even inside a word) are not split but become their own id; every other bracketed token (<c>[unused1]</c>, <c>[cls]</c>) is
/// plain text. No report is expected to contain them; the rule only keeps the ids identical to Python's.</para>
/// </remarks>
public sealed class ReportTokenizer
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly string[] vocabulary;
    private readonly BertBasicTokenizer basic;
    private readonly WordPieceTokenizer wordPiece;
    private readonly int[] specialTokenIds; // parallel to SpecialTokens

    private ReportTokenizer(string[] vocabulary, bool lowerCase, int maxLength)
    {
        this.vocabulary = vocabulary;
        basic = new BertBasicTokenizer(lowerCase);
        wordPiece = new WordPieceTokenizer(vocabulary);
        specialTokenIds = SpecialTokens.Select(t => wordPiece.TryGetId(t, out var id) ? id : throw new InvalidOperationException(t)).ToArray();
        LowerCase = lowerCase;
        MaxLength = maxLength;
    }

    /// <summary>The tokens, indexed by id.</summary>
    public IReadOnlyList<string> Vocabulary => vocabulary;

    /// <summary>Number of tokens in the vocabulary (the BERT <c>vocab_size</c> it fits).</summary>
    public int VocabularySize => vocabulary.Length;

    /// <summary>Whether texts are lower-cased and accents stripped before WordPiece (true for uncased vocabularies).</summary>
    public bool LowerCase { get; }

    /// <summary>Longest row produced, <c>[CLS]</c> and <c>[SEP]</c> included; longer texts are truncated.</summary>
    public int MaxLength { get; }

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PaddingTokenId => specialTokenIds[0];

    /// <summary>Id of <c>[CLS]</c>.</summary>
    public int ClassificationTokenId => specialTokenIds[2];

    /// <summary>Id of <c>[SEP]</c>.</summary>
    public int SeparatorTokenId => specialTokenIds[3];

    /// <summary>Id of <c>[UNK]</c>.</summary>
    public int UnknownTokenId => specialTokenIds[1];

    /// <summary>Loads a WordPiece <c>vocab.txt</c>, e.g. the one of a Hugging Face BERT checkpoint.</summary>
    /// <param name="vocabTxtPath">The vocabulary file: UTF-8, one token a line; LF, CRLF or CR line ends (as Python's universal
    /// newlines read it, so a CRLF file gives the same tokens as an LF one).</param>
    /// <param name="lowerCase">Lower-case and strip accents (uncased models); false keeps case and accents (cased models).</param>
    /// <param name="maxLength">Longest row, special tokens included (at least 2).</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="FgClepFormatException">The file lacks one of <c>[PAD] [UNK] [CLS] [SEP] [MASK]</c>.</exception>
    public static ReportTokenizer FromVocabularyFile(string vocabTxtPath, bool lowerCase, int maxLength = 128)
        => FromVocabularyFile(vocabTxtPath, lowerCase, maxLength, vocabTxtPath);

    /// <summary>As <see cref="FromVocabularyFile(string, bool, int)"/>; messages name the file <paramref name="displayName"/> (e.g. the package entry it was extracted from).</summary>
    internal static ReportTokenizer FromVocabularyFile(string vocabTxtPath, bool lowerCase, int maxLength, string displayName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (!File.Exists(vocabTxtPath)) throw new FileNotFoundException($"Vocabulary file '{displayName}' does not exist.", vocabTxtPath);
        RegularFile.Check(vocabTxtPath);
        // ReadAllLines ends a line at \n, \r\n or \r, so no token keeps a trailing \r.
        var vocabulary = File.ReadAllLines(vocabTxtPath, Encoding.UTF8);
        CheckSpecialTokens(vocabulary, displayName);
        return new ReportTokenizer(vocabulary, lowerCase, maxLength);
    }

    /// <summary>
    /// Builds a word-level vocabulary from texts: <c>[PAD]</c>=0, <c>[UNK]</c>, <c>[CLS]</c>, <c>[SEP]</c>, <c>[MASK]</c>, then every
    /// word and punctuation mark (as BERT's basic tokenizer splits them) seen at least <paramref name="minFrequency"/> times,
    /// most frequent first. For training a text encoder from scratch.
    /// </summary>
    /// <param name="texts">The corpus.</param>
    /// <param name="lowerCase">Lower-case and strip accents before counting and encoding.</param>
    /// <param name="maxLength">Longest row, special tokens included (at least 2).</param>
    /// <param name="minFrequency">Rarer words are left out (encoded as <c>[UNK]</c>).</param>
    /// <returns>The tokenizer.</returns>
    public static ReportTokenizer FromTexts(IEnumerable<string> texts, bool lowerCase = true, int maxLength = 128, int minFrequency = 1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);

        // The same normalisation and word splitting as encoding; special tokens written in a text are not words.
        var basic = new BertBasicTokenizer(lowerCase);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            foreach (var text in texts)
            {
                if (string.IsNullOrEmpty(text)) continue;
                foreach (var (segment, _) in Segments(text))
                {
                    var count = basic.Normalize(segment.Span, ref buffer); // may replace the buffer: read it after
                    var normalized = buffer.AsSpan(0, count);
                    var position = 0;
                    while (BertBasicTokenizer.NextWord(normalized, ref position, out var start, out var length))
                        CollectionsMarshal.GetValueRefOrAddDefault(lookup, normalized.Slice(start, length), out _)++;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        var vocabulary = SpecialTokens
            .Concat(counts.Where(kv => kv.Value >= minFrequency && !SpecialTokens.Contains(kv.Key))
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
            .ToArray();
        return new ReportTokenizer(vocabulary, lowerCase, maxLength);
    }

    /// <summary>Tokenises a batch.</summary>
    /// <param name="texts">The texts; null entries are not allowed.</param>
    /// <returns>Ids and mask <c>[texts.Count, longest row]</c>; each row is <c>[CLS] tokens… [SEP]</c> then <c>[PAD]</c>.</returns>
    public TokenBatch Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var rows = new int[texts.Count][];
        var pieces = new List<int>(MaxLength);
        var buffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i] ?? throw new ArgumentException($"Text {i} of the batch is null.", nameof(texts));
                pieces.Clear();
                AppendIds(text, pieces, MaxLength - 2, ref buffer);
                var kept = Math.Min(pieces.Count, MaxLength - 2);
                var row = new int[kept + 2];
                row[0] = ClassificationTokenId;
                CollectionsMarshal.AsSpan(pieces)[..kept].CopyTo(row.AsSpan(1));
                row[^1] = SeparatorTokenId;
                rows[i] = row;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        var length = rows.Length == 0 ? 0 : rows.Max(r => r.Length);
        var ids = new long[rows.Length * length];
        var mask = new long[rows.Length * length];
        Array.Fill(ids, PaddingTokenId);
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                ids[i * length + j] = rows[i][j];
                mask[i * length + j] = 1;
            }
        }
        return new TokenBatch(ids, mask, rows.Length, length);
    }

    /// <summary>Writes the vocabulary as a <c>vocab.txt</c> (UTF-8, one token a line, LF).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void SaveVocabulary(string path)
        => File.WriteAllText(path, string.Concat(vocabulary.Select(t => t + "\n")), new UTF8Encoding(false));

    /// <summary>The ids of one text without <c>[CLS]</c>/<c>[SEP]</c> and without truncation (for tests and diagnostics).</summary>
    internal List<int> EncodeWithoutSpecialTokens(string text)
    {
        var ids = new List<int>();
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            AppendIds(text, ids, int.MaxValue, ref buffer);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        return ids;
    }

    /// <summary>Appends the ids of <paramref name="text"/>, stopping once at least <paramref name="limit"/> are there (the caller truncates).</summary>
    private void AppendIds(string text, List<int> ids, int limit, ref char[] buffer)
    {
        foreach (var (segment, special) in Segments(text))
        {
            if (ids.Count >= limit) return;
            var count = basic.Normalize(segment.Span, ref buffer); // may replace the buffer: read it after
            var normalized = buffer.AsSpan(0, count);
            var position = 0;
            while (ids.Count < limit && BertBasicTokenizer.NextWord(normalized, ref position, out var start, out var length))
                wordPiece.Tokenize(normalized.Slice(start, length), ids);
            if (special >= 0 && ids.Count < limit) ids.Add(specialTokenIds[special]);
        }
    }

    /// <summary>
    /// Splits a text at the special tokens written in it, as Hugging Face's added-token trie does before the basic tokenizer:
    /// each item is the text before a special token and that token's index in <see cref="SpecialTokens"/> (-1 for the tail).
    /// </summary>
    private static IEnumerable<(ReadOnlyMemory<char> Text, int Special)> Segments(string text)
    {
        var from = 0;
        for (var i = text.IndexOf('['); i >= 0 && i < text.Length; i = text.IndexOf('[', i + 1))
        {
            var special = Array.FindIndex(SpecialTokens, t => text.AsSpan(i).StartsWith(t, StringComparison.Ordinal));
            if (special < 0) continue;
            yield return (text.AsMemory(from, i - from), special);
            from = i + SpecialTokens[special].Length;
            i = from - 1;
        }
        yield return (text.AsMemory(from), -1);
    }

    private static void CheckSpecialTokens(string[] vocabulary, string path)
    {
        var missing = SpecialTokens.Where(t => !vocabulary.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new FgClepFormatException(path, null,
                $"expected a BERT vocabulary holding {string.Join(", ", SpecialTokens)}; missing {string.Join(", ", missing)} " +
                $"among its {vocabulary.Length} lines.");
    }
}
