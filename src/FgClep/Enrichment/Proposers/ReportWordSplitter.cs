using System.Globalization;
using System.Text;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Splits report text into normalised words for phrase matching: lower case, German umlauts as ae/oe/ue and ß as ss,
/// other accents dropped, British "aemi" spelled "emi" (ischaemia, hypokalaemia), and a plural <c>s</c> removed from
/// words longer than three letters. Anything that is not a letter or digit separates words; sentence punctuation
/// (<c>. , ; : ! ?</c> and line breaks) also starts a new clause, which bounds the reach of a negation.
/// </summary>
internal static class ReportWordSplitter
{
    internal readonly record struct Token(string Text, int Clause);

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        int clause = 0;
        void Flush()
        {
            if (word.Length == 0) return;
            tokens.Add(new Token(Canonical(word.ToString()), clause));
            word.Clear();
        }

        foreach (var raw in text.Normalize(NormalizationForm.FormC).ToLowerInvariant())
        {
            switch (raw)
            {
                case 'ä': word.Append("ae"); continue;
                case 'ö': word.Append("oe"); continue;
                case 'ü': word.Append("ue"); continue;
                case 'ß': word.Append("ss"); continue;
            }
            if (char.IsLetterOrDigit(raw))
            {
                AppendWithoutAccents(word, raw);
                continue;
            }
            Flush();
            if (raw is '.' or ',' or ';' or ':' or '!' or '?' or '\n' or '\r') clause++;
        }
        Flush();
        return tokens;
    }

    private static void AppendWithoutAccents(StringBuilder word, char c)
    {
        if (c < 128) { word.Append(c); return; }
        foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) word.Append(d);
    }

    private static string Canonical(string word)
    {
        word = word.Replace("aemi", "emi", StringComparison.Ordinal);
        if (word.Length > 3 && word[^1] == 's' && word[^2] != 's') word = word[..^1];
        return word;
    }
}
