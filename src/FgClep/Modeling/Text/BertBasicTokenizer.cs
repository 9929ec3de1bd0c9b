using System.Buffers;
using System.Globalization;
using System.Text;

namespace FgClep.Modeling.Text;

/// <summary>
/// The "basic" half of Hugging Face's <c>BertTokenizer</c> (<c>BasicTokenizer</c> with its defaults), reproduced step by step:
/// <list type="number">
/// <item>clean: drop U+0000, U+FFFD and every character of a category <c>C*</c> (control, format, private use, unassigned,
/// lone surrogates) except tab, LF and CR; those and every <c>Zs</c> space become a space;</item>
/// <item>put spaces around CJK ideographs (the CJK blocks Hugging Face lists);</item>
/// <item>NFC;</item>
/// <item>split on whitespace (a space, or U+2028 / U+2029, which Python's <c>str.split()</c> also splits on);</item>
/// <item>when lower-casing: lower-case, NFD and drop the non-spacing marks (<c>Mn</c>), i.e. strip accents; a cased
/// vocabulary gets neither (Hugging Face's <c>strip_accents=None</c> follows <c>do_lower_case</c>);</item>
/// <item>split off every punctuation character as a word of its own: ASCII 33–47, 58–64, 91–96, 123–126 (so
/// <c>&lt; = &gt; + $ ~ | ^ `</c> too) and every Unicode category <c>P*</c> (e.g. the en dash). Symbols of other categories
/// such as <c>°</c> (<c>So</c>) are not punctuation and stay inside their word.</item>
/// </list>
/// Lower-casing follows Python's <c>str.lower</c> where it differs from .NET's invariant casing: <c>İ</c> becomes
/// <c>i</c> + U+0307, and a word-final capital sigma becomes <c>ς</c> (Unicode's Final_Sigma rule, with the Cased and
/// Case_Ignorable properties approximated by general categories).
/// Known deviation, outside what ECG reports contain: the Unicode tables are .NET's, not those of the Python that runs
/// Hugging Face, so characters assigned in between (or re-categorised) can differ.
/// <para>Words are produced as spans into one pooled buffer, so tokenizing allocates nothing per character. Characters
/// U+0080–U+2FFF whose normalisation does not depend on their neighbours (umlauts, ß, °, µ, en dash…) are normalised
/// through a table built once; only a text holding a combining mark, a Hangul jamo, a capital sigma or another character
/// from U+3000 up (CJK ideographs excepted) takes the slow path through .NET's normalisation and casing of the whole
/// text, a few string allocations per text.</para>
/// </summary>
internal sealed class BertBasicTokenizer
{
    /// <summary>Creates the basic tokenizer.</summary>
    /// <param name="lowerCase">Lower-case and strip accents (uncased vocabularies).</param>
    public BertBasicTokenizer(bool lowerCase) => LowerCase = lowerCase;

    /// <summary>Whether words are lower-cased and stripped of accents.</summary>
    public bool LowerCase { get; }

    /// <summary>
    /// Runs every step but the splitting: cleans, spaces CJK, NFC, and lower-cases / strips accents when asked. Each word
    /// separator of the result is a plain space, so <see cref="NextWord"/> can split it.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="buffer">A buffer from <see cref="ArrayPool{T}.Shared"/>; replaced (the old one returned) when too small.</param>
    /// <returns>The length of the normalised text at the start of <paramref name="buffer"/>.</returns>
    public int Normalize(ReadOnlySpan<char> text, ref char[] buffer)
    {
        // A CJK ideograph grows to " x " (3 chars from 1) or " xy " (4 from a surrogate pair of 2); a table entry is at most 3.
        EnsureCapacity(ref buffer, text.Length * 3);
        var n = Clean(text, buffer, LowerCase ? LowerTable.Value : CasedTable.Value);
        if (n >= 0)
        {
            // Every character was ASCII or had a context-free table entry: NFC, lower-casing and accents are done but for ASCII.
            if (LowerCase)
            {
                for (var i = 0; i < n; i++)
                    if (char.IsAsciiLetterUpper(buffer[i])) buffer[i] = (char)(buffer[i] | 0x20);
            }
            return n;
        }

        n = Clean(text, buffer, null);
        var s = new string(buffer, 0, n);
        if (!s.IsNormalized(NormalizationForm.FormC)) s = s.Normalize(NormalizationForm.FormC);
        if (!LowerCase)
        {
            EnsureCapacity(ref buffer, s.Length);
            s.CopyTo(buffer);
            return s.Length;
        }

        s = LowerLikePython(s).Normalize(NormalizationForm.FormD);
        EnsureCapacity(ref buffer, s.Length);
        n = 0;
        for (var i = 0; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var consumed);
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            {
                s.AsSpan(i, consumed).CopyTo(buffer.AsSpan(n));
                n += consumed;
            }
            i += consumed;
        }
        return n;
    }

    /// <summary>
    /// Cleaning and CJK spacing into <paramref name="buffer"/>. With a <paramref name="table"/>, the other characters U+0080 and
    /// up are written as their entry (the rest of the normalisation, done once per character in advance), and -1 is returned
    /// as soon as one has none: the caller then cleans again without the table and normalises the whole text.
    /// </summary>
    private static int Clean(ReadOnlySpan<char> text, char[] buffer, string?[]? table)
    {
        var n = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                i++;
                if (c is ' ' or '\t' or '\n' or '\r') buffer[n++] = ' ';
                else if (c >= 0x20 && c != 0x7F) buffer[n++] = c; // else a control character (U+0000 included): dropped
                continue;
            }

            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed); // a lone surrogate decodes to U+FFFD
            i += consumed;
            if (rune.Value == 0xFFFD) continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.SpaceSeparator || rune.Value is 0x2028 or 0x2029) buffer[n++] = ' ';
            else if (IsOther(category)) continue;
            else if (IsCjk(rune.Value))
            {
                buffer[n++] = ' ';
                n += rune.EncodeToUtf16(buffer.AsSpan(n));
                buffer[n++] = ' ';
            }
            else if (table is null) n += rune.EncodeToUtf16(buffer.AsSpan(n));
            else if (rune.Value < table.Length && table[rune.Value] is { } entry)
            {
                entry.CopyTo(buffer.AsSpan(n));
                n += entry.Length;
            }
            else return -1;
        }
        return n;
    }

    private const int TableSize = 0x3000;
    private static readonly Lazy<string?[]> LowerTable = new(() => BuildTable(lowerCase: true));
    private static readonly Lazy<string?[]> CasedTable = new(() => BuildTable(lowerCase: false));

    /// <summary>
    /// The normalised form of each character U+0080–U+2FFF whose normalisation does not depend on its neighbours: not a
    /// combining mark (NFC composes those with the character before), not a Hangul jamo (they compose with each other), not
    /// the capital sigma (final-sigma rule). Null for those and for characters that cleaning removes or turns into spaces.
    /// </summary>
    private static string?[] BuildTable(bool lowerCase)
    {
        var table = new string?[TableSize];
        for (var c = 0x80; c < TableSize; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch) || c == 0x03A3 || c is >= 0x1100 and <= 0x11FF) continue;
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.SpaceSeparator || IsOther(category) || c is 0x2028 or 0x2029) continue;
            var s = ch.ToString().Normalize(NormalizationForm.FormC);
            if (lowerCase) s = StripNonSpacingMarks(LowerLikePython(s).Normalize(NormalizationForm.FormD));
            if (s.Length <= 3) table[c] = s;
        }
        return table;
    }

    private static string StripNonSpacingMarks(string s)
    {
        var kept = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) kept.Append(rune.ToString());
        return kept.ToString();
    }

    /// <summary>Reads the next word of a text that <see cref="Normalize"/> produced: a run of non-punctuation, or one punctuation character.</summary>
    /// <param name="normalized">The normalised text.</param>
    /// <param name="position">Where to start reading; advanced past the word.</param>
    /// <param name="start">Where the word starts.</param>
    /// <param name="length">Its length in chars.</param>
    /// <returns>False when no word is left.</returns>
    public static bool NextWord(ReadOnlySpan<char> normalized, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < normalized.Length && normalized[i] == ' ') i++;
        start = i;
        if (i >= normalized.Length)
        {
            position = i;
            length = 0;
            return false;
        }

        if (IsPunctuationAt(normalized, i, out var width))
        {
            i += width;
        }
        else
        {
            i += width;
            while (i < normalized.Length && normalized[i] != ' ' && !IsPunctuationAt(normalized, i, out width)) i += width;
        }
        position = i;
        length = i - start;
        return true;
    }

    /// <summary>The words of a text as strings (for building vocabularies and for tests; encoding uses the span API).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words.</returns>
    public List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            var n = Normalize(text, ref buffer);
            var normalized = buffer.AsSpan(0, n);
            var position = 0;
            while (NextWord(normalized, ref position, out var start, out var length)) words.Add(new string(normalized.Slice(start, length)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        return words;
    }

    /// <summary>Python's <c>str.lower</c>: .NET's invariant lower-casing plus Python's İ → i̇ and final-sigma rules.</summary>
    internal static string LowerLikePython(string s)
    {
        // Python lower-cases İ to i + U+0307; .NET's invariant casing leaves it (or drops the dot): spell it out first.
        s = s.Replace("\u0130", "i\u0307", StringComparison.Ordinal);
        var lower = s.ToLowerInvariant(); // simple case mapping: same length, same indices
        if (s.IndexOf('\u03A3') < 0) return lower;
        var chars = lower.ToCharArray();
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '\u03A3' && IsFinalSigma(s, i)) chars[i] = '\u03C2';
        return new string(chars);
    }

    /// <summary>Unicode's Final_Sigma: a cased letter, then case-ignorables, then Σ, and no case-ignorables-then-cased after it.</summary>
    private static bool IsFinalSigma(string s, int i)
    {
        var j = i - 1;
        while (j >= 0 && IsCaseIgnorable(s[j])) j--;
        if (j < 0 || !IsCased(s[j])) return false;
        j = i + 1;
        while (j < s.Length && IsCaseIgnorable(s[j])) j++;
        return j == s.Length || !IsCased(s[j]);
    }

    private static bool IsCased(char c)
        => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c)
        => c is '\'' or '.' or ':' or '^' or '`' or '\u00B7' or '\u0387' or '\u2018' or '\u2019' or '\u2024' or '\u2027'
            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;

    /// <summary>Replaces a pooled buffer by a larger one when it holds fewer than <paramref name="length"/> chars.</summary>
    internal static void EnsureCapacity(ref char[] buffer, int length)
    {
        if (buffer.Length >= length) return;
        ArrayPool<char>.Shared.Return(buffer);
        buffer = ArrayPool<char>.Shared.Rent(length);
    }

    private static bool IsPunctuationAt(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        width = 1;
        if (c < 0x80) return c > ' ' && c < 0x7F && !char.IsAsciiLetterOrDigit(c);
        UnicodeCategory category;
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1]));
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(c);
        }
        return category is >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherPunctuation;
    }

    /// <summary>Categories Cc, Cf, Cs, Co and Cn (Hugging Face's <c>_is_control</c>: every category starting with C).</summary>
    private static bool IsOther(UnicodeCategory category)
        => category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>The CJK Unified Ideographs blocks of Hugging Face's <c>_is_chinese_char</c> (not Hiragana, Katakana or Hangul).</summary>
    private static bool IsCjk(int cp)
        => cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
