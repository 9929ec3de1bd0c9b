using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FgClep.Data;

/// <summary>
/// Translates the German and Swedish machine statements of PTB-XL reports into English with a documented phrase table,
/// so that an English text encoder sees one language. English text, and anything the table does not know (drug names,
/// numbers, lead names), passes through unchanged.
/// </summary>
/// <remarks>
/// <para>The built-in table (<c>PtbXlReportTranslations.json</c>, embedded in the library) was written from the real
/// reports of PTB-XL records 1–500: every German and Swedish statement found there ("sinusrhythmus", "periphere
/// niederspannung", "linkstyp", "p-verbreiterung", "st-senkung", "vänster el-axel", ...), the free-text notes around
/// them, and common statements of the full dataset ("linksschenkelblock", "vorhofflimmern", "t-abflachung", "ekg normal",
/// "unbestätigter bericht"). Translations follow the wording of PTB-XL's own English reports.</para>
/// <para>Matching: whole words (runs of letters, or of digits), case-insensitive, after folding ä/ö/ü/å to ae/oe/ue/aa and
/// ß to ss; the reports' code-page artefacts <c>#</c> (for ü, as in "f#r") and <c>á</c> (for ß) fold the same way, so
/// "überdrehter", "ueberdrehter" and "Überdrehter" are one word. At each word the phrase with the most words wins
/// ("unvollständiger rechtsschenkelblock" before "rechtsschenkelblock"). Punctuation between the words of a phrase must
/// match the table, except that a hyphen and a space are interchangeable ("st-senkung" = "st senkung"); a phrase never
/// spans a sentence break it does not contain. A phrase that ends in punctuation (<c>extrasystole(n)</c>, <c>ergo:</c>)
/// needs it in the text and replaces it. Text between matches is copied verbatim, so a report without German or Swedish
/// statements comes back as the same string.</para>
/// <para><see cref="Coverage"/> measures how much of a corpus ends up English: the share of word tokens (runs of at least
/// two letters) of the translated reports that are in <see cref="EnglishVocabulary"/>, that is the words of the table's
/// English side, a base list of English ECG-report words, and language-neutral tokens (drug names, lead names, SCP codes,
/// abbreviations). Digits and one-letter tokens (wave and lead letters such as P, T, V) are not counted.</para>
/// </remarks>
public sealed class PtbXlReportTranslator
{
    private const string ResourceName = "FgClep.Data.PtbXlReportTranslations.json";
    private static readonly Lazy<PtbXlReportTranslator> DefaultInstance = new(() => new PtbXlReportTranslator(OpenBuiltInTable(), ResourceName));

    private readonly Dictionary<string, List<Phrase>> _phrasesByFirstWord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _englishVocabulary = new(StringComparer.Ordinal);

    /// <summary>The translator with the built-in table.</summary>
    public static PtbXlReportTranslator Default => DefaultInstance.Value;

    /// <summary>Loads a table in the format of the built-in one.</summary>
    /// <param name="tableJson">
    /// <c>{"version", "phrases": [{"source", "english", "language"}], "englishVocabulary": [...], "languageNeutral": [...]}</c>.
    /// </param>
    /// <exception cref="InvalidDataException">The table is not valid JSON, misses a field, or lists a source phrase twice.</exception>
    public PtbXlReportTranslator(Stream tableJson) : this(tableJson ?? throw new ArgumentNullException(nameof(tableJson)), "table")
    {
    }

    private PtbXlReportTranslator(Stream tableJson, string sourceName)
    {
        var phrases = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(tableJson);
            var root = doc.RootElement;
            Version = Required(root, "version", sourceName).GetString() ?? "";
            int index = 0;
            foreach (var entry in Required(root, "phrases", sourceName).EnumerateArray())
            {
                var where = $"{sourceName}, phrase {index++}";
                var source = Required(entry, "source", where).GetString() ?? "";
                var english = Required(entry, "english", where).GetString() ?? "";
                AddPhrase(source, english, where);
                phrases.Add(source, english);
                foreach (var word in Words(english)) _englishVocabulary.Add(word.Folded);
            }
            foreach (var list in new[] { "englishVocabulary", "languageNeutral" })
                foreach (var item in Required(root, list, sourceName).EnumerateArray())
                    foreach (var word in Words(item.GetString() ?? "")) _englishVocabulary.Add(word.Folded);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The translation table ({sourceName}) is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"The translation table ({sourceName}) has a field of the wrong kind: {ex.Message}", ex);
        }
        foreach (var key in _phrasesByFirstWord.Keys.ToList())
            _phrasesByFirstWord[key] = _phrasesByFirstWord[key].OrderByDescending(p => p.Words.Length).ToList(); // stable: table order breaks ties
        Phrases = phrases;
    }

    /// <summary>The table's version.</summary>
    public string Version { get; }

    /// <summary>The phrase table: German or Swedish source phrase → English.</summary>
    public IReadOnlyDictionary<string, string> Phrases { get; }

    /// <summary>The folded English words <see cref="Coverage"/> accepts (see the remarks).</summary>
    public IReadOnlySet<string> EnglishVocabulary => _englishVocabulary;

    /// <summary>The report in English: every known German or Swedish phrase replaced, everything else kept verbatim.</summary>
    public string Translate(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.IsNormalized(NormalizationForm.FormC)) report = report.Normalize(NormalizationForm.FormC);
        var words = Words(report);
        StringBuilder? result = null;
        int copied = 0;
        for (int i = 0; i < words.Count;)
        {
            if (!TryMatch(report, words, i, out var phrase, out int end))
            {
                i++;
                continue;
            }
            result ??= new StringBuilder(report.Length + 32);
            result.Append(report, copied, words[i].Start - copied).Append(phrase.English);
            copied = end;
            i += phrase.Words.Length;
        }
        if (result is null) return report;
        var translated = result.Append(report, copied, report.Length - copied).ToString();
        return translated == report ? report : translated; // e.g. "av block" matched "av-block" → "av block"
    }

    /// <summary>
    /// The share of word tokens of the translated <paramref name="reports"/> that are English (in <see cref="EnglishVocabulary"/>),
    /// pooled over all reports; NaN when the reports hold no word tokens.
    /// </summary>
    public double Coverage(IEnumerable<string> reports)
    {
        var (covered, total) = Count(reports, translate: true, uncovered: null);
        return total == 0 ? double.NaN : (double)covered / total;
    }

    /// <summary>Folded words of the translated <paramref name="reports"/> that are not English, with their counts, most frequent first.</summary>
    public IReadOnlyDictionary<string, int> UncoveredWords(IEnumerable<string> reports)
    {
        var uncovered = new Dictionary<string, int>(StringComparer.Ordinal);
        Count(reports, translate: true, uncovered);
        return uncovered.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>Like <see cref="Coverage"/>, but on the reports as they are (no translation), to compare with.</summary>
    internal double EnglishShare(IEnumerable<string> reports)
    {
        var (covered, total) = Count(reports, translate: false, uncovered: null);
        return total == 0 ? double.NaN : (double)covered / total;
    }

    private (long Covered, long Total) Count(IEnumerable<string> reports, bool translate, Dictionary<string, int>? uncovered)
    {
        ArgumentNullException.ThrowIfNull(reports);
        long covered = 0, total = 0;
        foreach (var report in reports)
        {
            if (report is null) continue;
            var text = translate ? Translate(report) : report;
            foreach (var word in Words(text))
            {
                if (word.End - word.Start < 2 || !char.IsLetter(text[word.Start]) && text[word.Start] != '#') continue;
                total++;
                if (_englishVocabulary.Contains(word.Folded)) covered++;
                else if (uncovered is not null) uncovered[word.Folded] = uncovered.GetValueOrDefault(word.Folded) + 1;
            }
        }
        return (covered, total);
    }

    private bool TryMatch(string text, List<Word> words, int start, out Phrase phrase, out int end)
    {
        phrase = null!;
        end = 0;
        if (!_phrasesByFirstWord.TryGetValue(words[start].Folded, out var candidates)) return false;
        foreach (var candidate in candidates)
        {
            int n = candidate.Words.Length;
            if (start + n > words.Count) continue;
            bool ok = true;
            for (int k = 1; k < n && ok; k++)
            {
                ok = words[start + k].Folded == candidate.Words[k]
                     && GapsMatch(candidate.Gaps[k - 1], text.AsSpan(words[start + k - 1].End, words[start + k].Start - words[start + k - 1].End));
            }
            if (!ok) continue;
            int last = words[start + n - 1].End;
            if (candidate.Trailing.Length > 0)
            {
                if (!text.AsSpan(last).StartsWith(candidate.Trailing, StringComparison.OrdinalIgnoreCase)) continue;
                last += candidate.Trailing.Length;
            }
            phrase = candidate;
            end = last;
            return true;
        }
        return false;
    }

    private static bool GapsMatch(string phraseGap, ReadOnlySpan<char> textGap)
    {
        var text = WithoutWhitespace(textGap);
        return text == phraseGap || IsSoft(text) && IsSoft(phraseGap);
    }

    private static bool IsSoft(string gap) => gap.Length == 0 || gap == "-";

    private static string WithoutWhitespace(ReadOnlySpan<char> s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) b.Append(c);
        return b.ToString();
    }

    private void AddPhrase(string source, string english, string where)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new InvalidDataException($"{where}: the source phrase is empty.");
        if (english.Length == 0) throw new InvalidDataException($"{where}: the English side of '{source}' is empty.");
        var words = Words(source);
        if (words.Count == 0) throw new InvalidDataException($"{where}: the source phrase '{source}' has no words.");
        if (words[0].Start > 0 && source[..words[0].Start].Trim().Length > 0)
            throw new InvalidDataException($"{where}: the source phrase '{source}' must start with a word.");
        var gaps = new string[words.Count - 1];
        for (int k = 1; k < words.Count; k++)
            gaps[k - 1] = WithoutWhitespace(source.AsSpan(words[k - 1].End, words[k].Start - words[k - 1].End));
        var phrase = new Phrase(words.Select(w => w.Folded).ToArray(), gaps, source[words[^1].End..].Trim(), english);
        if (!_phrasesByFirstWord.TryGetValue(phrase.Words[0], out var list)) _phrasesByFirstWord[phrase.Words[0]] = list = new List<Phrase>();
        if (list.Any(p => p.Words.SequenceEqual(phrase.Words) && p.Gaps.SequenceEqual(phrase.Gaps) && p.Trailing == phrase.Trailing))
            throw new InvalidDataException($"{where}: the source phrase '{source}' is listed twice.");
        list.Add(phrase);
    }

    /// <summary>Words of <paramref name="text"/>: maximal runs of letters (with the '#' artefact) or of digits, folded.</summary>
    internal static List<Word> Words(string text)
    {
        var words = new List<Word>();
        int n = text.Length;
        for (int i = 0; i < n;)
        {
            if (IsLetterLike(text, i))
            {
                int s = i;
                while (i < n && IsLetterLike(text, i)) i++;
                words.Add(new Word(s, i, Fold(text.AsSpan(s, i - s))));
            }
            else if (char.IsDigit(text[i]))
            {
                int s = i;
                while (i < n && char.IsDigit(text[i])) i++;
                words.Add(new Word(s, i, text[s..i]));
            }
            else i++;
        }
        return words;
    }

    // PTB-XL's reports went through an old code page: '#' stands for ü ("f#r", "#bergang"), 'á' for ß.
    private static bool IsLetterLike(string text, int i) =>
        char.IsLetter(text[i]) || text[i] == '#' && (i > 0 && char.IsLetter(text[i - 1]) || i + 1 < text.Length && char.IsLetter(text[i + 1]));

    internal static string Fold(ReadOnlySpan<char> word)
    {
        var b = new StringBuilder(word.Length + 4);
        foreach (var raw in word)
        {
            char c = char.ToLowerInvariant(raw);
            switch (c)
            {
                case 'ä' or 'æ': b.Append("ae"); continue;
                case 'ö' or 'ø': b.Append("oe"); continue;
                case 'ü' or '#': b.Append("ue"); continue;
                case 'å': b.Append("aa"); continue;
                case 'ß' or 'á': b.Append("ss"); continue;
            }
            if (c < 128) { b.Append(c); continue; }
            foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) b.Append(d);
        }
        return b.ToString();
    }

    private static JsonElement Required(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"The translation table ({where}) has no '{name}' field.");

    private static Stream OpenBuiltInTable() =>
        typeof(PtbXlReportTranslator).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The built-in translation table '{ResourceName}' is missing from the FgClep assembly.");

    internal readonly record struct Word(int Start, int End, string Folded);

    private sealed record Phrase(string[] Words, string[] Gaps, string Trailing, string English);
}
