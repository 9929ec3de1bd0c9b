using System.Text;
using FgClep.Data;
using FgClep.IO;
using Microsoft.ML.Tokenizers;

namespace FgClep.Modeling;

/// <summary>
/// Turns report texts into BERT inputs (<c>[CLS] … [SEP]</c>, truncated to <see cref="MaxLength"/>, padded to the longest text
/// of the batch) with the WordPiece <see cref="BertTokenizer"/> of Microsoft.ML.Tokenizers over a <c>vocab.txt</c>
/// (one token a line, id = line number).
/// </summary>
public sealed class ReportTokenizer
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly BertTokenizer tokenizer;
    private readonly string[] vocabulary;

    private ReportTokenizer(BertTokenizer tokenizer, string[] vocabulary, bool lowerCase, int maxLength)
    {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
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
    public int PaddingTokenId => tokenizer.PaddingTokenId;

    /// <summary>Id of <c>[CLS]</c>.</summary>
    public int ClassificationTokenId => tokenizer.ClassificationTokenId;

    /// <summary>Id of <c>[SEP]</c>.</summary>
    public int SeparatorTokenId => tokenizer.SeparatorTokenId;

    /// <summary>Id of <c>[UNK]</c>.</summary>
    public int UnknownTokenId => tokenizer.UnknownTokenId;

    /// <summary>Loads a WordPiece <c>vocab.txt</c>, e.g. the one of a Hugging Face BERT checkpoint.</summary>
    /// <param name="vocabTxtPath">The vocabulary file.</param>
    /// <param name="lowerCase">Lower-case and strip accents (uncased models); false keeps case and accents (cased models).</param>
    /// <param name="maxLength">Longest row, special tokens included (at least 2).</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="EcgFormatException">The file lacks one of <c>[PAD] [UNK] [CLS] [SEP] [MASK]</c>.</exception>
    public static ReportTokenizer FromVocabularyFile(string vocabTxtPath, bool lowerCase, int maxLength = 128)
        => FromVocabularyFile(vocabTxtPath, lowerCase, maxLength, vocabTxtPath);

    /// <summary>As <see cref="FromVocabularyFile(string, bool, int)"/>; messages name the file <paramref name="displayName"/> (e.g. the package entry it was extracted from).</summary>
    internal static ReportTokenizer FromVocabularyFile(string vocabTxtPath, bool lowerCase, int maxLength, string displayName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (!File.Exists(vocabTxtPath)) throw new FileNotFoundException($"Vocabulary file '{displayName}' does not exist.", vocabTxtPath);
        RegularFile.Check(vocabTxtPath);
        var vocabulary = File.ReadAllLines(vocabTxtPath, Encoding.UTF8);
        CheckSpecialTokens(vocabulary, displayName);
        return new ReportTokenizer(BertTokenizer.Create(vocabTxtPath, Options(lowerCase)), vocabulary, lowerCase, maxLength);
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

        // A tokenizer over the special tokens alone supplies the exact normalisation and word splitting used when encoding.
        var splitter = Create(SpecialTokens, lowerCase);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            var normalized = splitter.Normalizer?.Normalize(text) ?? text;
            var words = splitter.PreTokenizer?.PreTokenize(normalized) ?? [(0, normalized.Length)];
            foreach (var (offset, length) in words)
            {
                var word = normalized.Substring(offset, length);
                if (!string.IsNullOrWhiteSpace(word)) counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        var vocabulary = SpecialTokens
            .Concat(counts.Where(kv => kv.Value >= minFrequency && !SpecialTokens.Contains(kv.Key))
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
            .ToArray();
        return new ReportTokenizer(Create(vocabulary, lowerCase), vocabulary, lowerCase, maxLength);
    }

    /// <summary>Tokenises a batch.</summary>
    /// <param name="texts">The texts; null entries are not allowed.</param>
    /// <returns>Ids and mask <c>[texts.Count, longest row]</c>; each row is <c>[CLS] tokens… [SEP]</c> then <c>[PAD]</c>.</returns>
    public TokenBatch Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var rows = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} of the batch is null.", nameof(texts));
            var pieces = tokenizer.EncodeToIds(text, addSpecialTokens: false);
            var kept = Math.Min(pieces.Count, MaxLength - 2);
            var row = new int[kept + 2];
            row[0] = tokenizer.ClassificationTokenId;
            for (var j = 0; j < kept; j++) row[j + 1] = pieces[j];
            row[^1] = tokenizer.SeparatorTokenId;
            rows[i] = row;
        }

        var length = rows.Length == 0 ? 0 : rows.Max(r => r.Length);
        var ids = new long[rows.Length * length];
        var mask = new long[rows.Length * length];
        Array.Fill(ids, tokenizer.PaddingTokenId);
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

    private static BertOptions Options(bool lowerCase) => new()
    {
        LowerCaseBeforeTokenization = lowerCase,
        RemoveNonSpacingMarks = lowerCase, // as Hugging Face's BasicTokenizer: accents are stripped only when lower-casing
        ApplyBasicTokenization = true,
    };

    private static BertTokenizer Create(IEnumerable<string> vocabulary, bool lowerCase)
    {
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(string.Concat(vocabulary.Select(t => t + "\n"))));
        return BertTokenizer.Create(stream, Options(lowerCase));
    }

    private static void CheckSpecialTokens(string[] vocabulary, string path)
    {
        var missing = SpecialTokens.Where(t => !vocabulary.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new EcgFormatException(path, null,
                $"expected a BERT vocabulary holding {string.Join(", ", SpecialTokens)}; missing {string.Join(", ", missing)} " +
                $"among its {vocabulary.Length} lines.");
    }
}
