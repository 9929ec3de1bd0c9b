using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FgClep.Datasets.PtbXl;

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
/// <para>Outside the phrases, a report in which a phrase matched (so German or Swedish) is also translated word by word
/// through the table's <c>stems</c>: a known stem, a stem with an inflectional ending ("pathologisch|es", "lateral|t"),
/// or a compound of known parts ("hoch|lateral|en" → "high lateral", "vorhof|ueberbelastung" → "atrial overload"). A
/// one-letter ending is cut only from stems of seven letters or more, so English words such as "none" are never cut.</para>
/// <para><see cref="Coverage"/> measures how much of a corpus ends up English: the share of word tokens (runs of at least
/// two letters) of the translated reports that are in <see cref="EnglishVocabulary"/>, that is the words of the table's
/// English side, a base list of English ECG-report words, and language-neutral tokens (drug names, lead names, SCP codes,
/// abbreviations), plus, when given, the words of an English vocabulary (e.g. a text encoder's) other than known German and
/// Swedish ones. Digits and one-letter tokens (wave and lead letters such as P, T, V) are not counted.</para>
/// </remarks>
public sealed class PtbXlReportTranslator
{
    private const string ResourceName = "FgClep.Datasets.PtbXl.PtbXlReportTranslations.json";
    private static readonly Lazy<PtbXlReportTranslator> DefaultInstance = new(() => new PtbXlReportTranslator(OpenBuiltInTable(), ResourceName));

    private readonly Dictionary<string, List<Phrase>> _phrasesByFirstWord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _englishVocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _words = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notEnglish = new(StringComparer.Ordinal);
    private readonly string[] _endings;

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

            // Word-level fallback: stems (and the table's one-word phrases) with inflectional endings and compounds.
            index = 0;
            var stemEntries = root.TryGetProperty("stems", out var stems) ? stems.EnumerateArray().ToArray() : [];
            foreach (var entry in stemEntries)
            {
                var where = $"{sourceName}, stem {index++}";
                var stem = Required(entry, "source", where).GetString() ?? "";
                var english = Required(entry, "english", where).GetString() ?? "";
                var folded = Words(stem);
                if (folded.Count != 1 || folded[0].Start != 0 || folded[0].End != stem.Length)
                    throw new InvalidDataException($"{where}: the stem '{stem}' must be one word of letters.");
                if (english.Length == 0) throw new InvalidDataException($"{where}: the English side of '{stem}' is empty.");
                if (!_words.TryAdd(folded[0].Folded, english)) throw new InvalidDataException($"{where}: the stem '{stem}' is listed twice.");
                foreach (var word in Words(english)) _englishVocabulary.Add(word.Folded);
            }
            if (root.TryGetProperty("notEnglish", out var notEnglish))
                foreach (var item in notEnglish.EnumerateArray())
                    foreach (var word in Words(item.GetString() ?? "")) _notEnglish.Add(word.Folded);
            _endings = (root.TryGetProperty("endings", out var endings) ? endings.EnumerateArray().Select(e => Fold(e.GetString() ?? "")) : [])
                .Where(e => e.Length > 0).Distinct().OrderByDescending(e => e.Length).ToArray();
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
        foreach (var list in _phrasesByFirstWord.Values)
            foreach (var phrase in list.Where(p => p.Words.Length == 1 && p.Trailing.Length == 0))
                _words.TryAdd(phrase.Words[0], phrase.English);
        Phrases = phrases;
    }

    /// <summary>The table's version.</summary>
    public string Version { get; }

    /// <summary>The phrase table: German or Swedish source phrase → English.</summary>
    public IReadOnlyDictionary<string, string> Phrases { get; }

    /// <summary>The folded English words <see cref="Coverage"/> accepts (see the remarks).</summary>
    public IReadOnlySet<string> EnglishVocabulary => _englishVocabulary;

    /// <summary>
    /// The report in English: every known German or Swedish phrase replaced, and, in a report where a phrase matched, every
    /// other German or Swedish word the word lexicon can analyse (a known stem with an inflectional ending such as
    /// "pathologisch|es", or a compound of known parts such as "hoch|lateral|en"); everything else kept verbatim.
    /// </summary>
    public string Translate(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.IsNormalized(NormalizationForm.FormC)) report = report.Normalize(NormalizationForm.FormC);
        var words = Words(report);
        var matches = new List<(int Index, Phrase Phrase, int End)>();
        for (int i = 0; i < words.Count;)
        {
            if (!TryMatch(report, words, i, out var phrase, out int end)) { i++; continue; }
            matches.Add((i, phrase, end));
            i += phrase.Words.Length;
        }
        if (matches.Count == 0) return report;

        // A phrase matched, so the report is German or Swedish: the other words of it may be translated word by word.
        var result = new StringBuilder(report.Length + 32);
        int copied = 0, next = 0;
        for (int i = 0; i < words.Count;)
        {
            if (next < matches.Count && matches[next].Index == i)
            {
                var (_, phrase, end) = matches[next++];
                result.Append(report, copied, words[i].Start - copied).Append(phrase.English);
                copied = end;
                i += phrase.Words.Length;
                continue;
            }
            if (TranslateWord(words[i], report) is { } english)
            {
                result.Append(report, copied, words[i].Start - copied).Append(english);
                copied = words[i].End;
            }
            i++;
        }
        var translated = result.Append(report, copied, report.Length - copied).ToString();
        return translated == report ? report : translated; // e.g. "av block" matched "av-block" → "av block"
    }

    /// <summary>The English of one word outside any phrase, or null to keep it (English, neutral, a number or unknown).</summary>
    private string? TranslateWord(Word word, string text)
    {
        // Compound analysis is quadratic in the word's length; real German compounds stay far below this.
        const int MaxAnalysedLength = 64;
        if (word.End - word.Start < 3 || word.Folded.Length > MaxAnalysedLength || !char.IsLetter(text[word.Start])) return null;
        if (_englishVocabulary.Contains(word.Folded) && !_words.ContainsKey(word.Folded)) return null;
        return Analyse(word.Folded, depth: 0);
    }

    /// <summary>
    /// A folded word as a known word, a known stem plus an inflectional ending, or a compound of a known first part (with
    /// an optional linking "s") and an analysable rest; null when none fits.
    /// </summary>
    private string? Analyse(string word, int depth)
    {
        if (_words.TryGetValue(word, out var known)) return known;
        foreach (var ending in _endings)
        {
            int stemLength = word.Length - ending.Length;
            if (stemLength < 3 || !word.EndsWith(ending, StringComparison.Ordinal)) continue;
            var stem = word[..stemLength];
            if (_words.TryGetValue(stem, out var english)) return english;
            // An English stem with a German or Swedish ending ("anterior|en", "lateral|t"); a one-letter ending only on a
            // long stem, so that short English words ("none", "note") are never cut.
            if (_englishVocabulary.Contains(stem) && (ending.Length >= 2 || stemLength >= 7)) return stem;
        }
        if (depth >= 2) return null;
        for (int split = word.Length - 3; split >= 3; split--)
        {
            var head = word[..split];
            var headEnglish = _words.GetValueOrDefault(head)
                ?? (_englishVocabulary.Contains(head) ? head : null)
                ?? (head.Length > 3 && head[^1] == 's' ? _words.GetValueOrDefault(head[..^1]) : null);
            if (headEnglish is null) continue;
            var tail = word[split..];
            var tailEnglish = _englishVocabulary.Contains(tail) ? tail : Analyse(tail, depth + 1);
            if (tailEnglish is not null) return headEnglish + " " + tailEnglish;
        }
        return null;
    }

    /// <summary>
    /// The share of word tokens of the translated <paramref name="reports"/> that are English (in <see cref="EnglishVocabulary"/>),
    /// pooled over all reports; NaN when the reports hold no word tokens.
    /// </summary>
    /// <param name="reports">The reports, untranslated.</param>
    /// <param name="moreEnglish">
    /// More words to count as English, e.g. the whole words of an English text encoder's vocabulary (the table's own list
    /// covers ECG wording, not general English such as "probable" or "noted"). Words the table knows as German or Swedish
    /// (phrase and stem sources, and its <c>notEnglish</c> list of function words like "und", "der", "och") never count.
    /// </param>
    public double Coverage(IEnumerable<string> reports, IEnumerable<string>? moreEnglish = null)
    {
        var (covered, total) = Count(reports, translate: true, uncovered: null, English(moreEnglish));
        return total == 0 ? double.NaN : (double)covered / total;
    }

    /// <summary>Folded words of the translated <paramref name="reports"/> that are not English, with their counts, most frequent first.</summary>
    /// <param name="reports">The reports, untranslated.</param>
    /// <param name="moreEnglish">More words to count as English, as in <see cref="Coverage"/>.</param>
    public IReadOnlyDictionary<string, int> UncoveredWords(IEnumerable<string> reports, IEnumerable<string>? moreEnglish = null)
    {
        var uncovered = new Dictionary<string, int>(StringComparer.Ordinal);
        Count(reports, translate: true, uncovered, English(moreEnglish));
        return uncovered.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    private IReadOnlySet<string> English(IEnumerable<string>? moreEnglish)
    {
        if (moreEnglish is null) return _englishVocabulary;
        var english = new HashSet<string>(_englishVocabulary, StringComparer.Ordinal);
        foreach (var item in moreEnglish)
            foreach (var word in Words(item ?? ""))
                if (!_notEnglish.Contains(word.Folded) && !_words.ContainsKey(word.Folded) && !_phrasesByFirstWord.ContainsKey(word.Folded))
                    english.Add(word.Folded);
        return english;
    }

    /// <summary>Like <see cref="Coverage"/>, but on the reports as they are (no translation), to compare with.</summary>
    internal double EnglishShare(IEnumerable<string> reports)
    {
        var (covered, total) = Count(reports, translate: false, uncovered: null, _englishVocabulary);
        return total == 0 ? double.NaN : (double)covered / total;
    }

    private (long Covered, long Total) Count(IEnumerable<string> reports, bool translate, Dictionary<string, int>? uncovered, IReadOnlySet<string> english)
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
                if (english.Contains(word.Folded) || IsInflectedEnglish(word.Folded, english)) covered++;
                else if (uncovered is not null) uncovered[word.Folded] = uncovered.GetValueOrDefault(word.Folded) + 1;
            }
        }
        return (covered, total);
    }

    private static readonly (string Suffix, string Replacement)[] EnglishEndings =
        [("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("ly", "")];

    /// <summary>
    /// A regular English inflection (plural, third person, past, -ing, -ly) of an English word of at least four letters:
    /// "infarcts", "tracings", "persists" are English when "infarct", "tracing", "persist" are. Words the table knows as
    /// German or Swedish never count.
    /// </summary>
    private bool IsInflectedEnglish(string word, IReadOnlySet<string> english)
    {
        if (_notEnglish.Contains(word) || _words.ContainsKey(word) || _phrasesByFirstWord.ContainsKey(word)) return false;
        foreach (var (suffix, replacement) in EnglishEndings)
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal) || word.Length - suffix.Length + replacement.Length < 4) continue;
            string stem = string.Concat(word.AsSpan(0, word.Length - suffix.Length), replacement);
            if (english.Contains(stem) && !_notEnglish.Contains(stem) && !_words.ContainsKey(stem)) return true;
        }
        return false;
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
