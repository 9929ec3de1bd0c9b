using System.Text;
using System.Text.RegularExpressions;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Turns a language model's answer into a list of feature phrases. It accepts, in order of preference:
/// Python list literals or JSON arrays of strings anywhere in the text (inside code fences or after
/// "Here is the list:", single or double quotes, escapes, trailing commas, <c>#</c> comments, nested lists, an
/// answer cut off before the closing bracket), then bulleted or numbered lines (<c>-</c>, <c>*</c>, <c>•</c>,
/// <c>1.</c>, <c>1)</c>), then a bracketed list of unquoted phrases. Items are trimmed, de-duplicated
/// case-insensitively, and empty or over-long items are dropped.
/// </summary>
/// <remarks>
/// Unlike Python, two adjacent string literals are read as two items (a missing comma is a more likely
/// model mistake than intended concatenation), and a quote that is not followed by a separator is read as an
/// apostrophe inside the item (<c>'RSR' pattern in V1'</c>).
/// </remarks>
public static class FeatureListParser
{
    private static readonly Regex BulletLine = new(
        @"^\s*(?:[-*•·‣◦▪–—+]|\d{1,3}[.)](?!\d)|\(\d{1,3}\)|[a-z]\))\s+(?<item>\S.*)$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Parses <paramref name="llmAnswer"/>; never throws on malformed text.</summary>
    /// <param name="llmAnswer">The model's answer (null or empty gives an empty result).</param>
    /// <param name="maxItemLength">Items longer than this (after trimming) are dropped and counted as unparsed.</param>
    public static FeatureListParseResult Parse(string llmAnswer, int maxItemLength = 120)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItemLength, 1);
        if (string.IsNullOrWhiteSpace(llmAnswer)) return new FeatureListParseResult(Array.Empty<string>(), 0, false);

        var quoted = new List<ListLiteralReader.ListResult>();
        var bare = new List<ListLiteralReader.ListResult>();
        for (int i = 0; i < llmAnswer.Length; i++)
        {
            if (llmAnswer[i] != '[') continue;
            var list = new ListLiteralReader(llmAnswer, i).Read();
            if (list.QuotedItems > 0) quoted.Add(list);
            else if (list.Items.Count > 0 && list.Items.Any(ContainsLetter)) bare.Add(list);
            else continue;
            i = list.End - 1;
        }

        if (quoted.Count > 0) return Collect(quoted.SelectMany(l => l.Items), quoted.Sum(l => l.Unparsed), maxItemLength, splitExplanation: false);

        var bullets = BulletItems(llmAnswer);
        if (bullets.Count > 0) return Collect(bullets, 0, maxItemLength, splitExplanation: true);

        if (bare.Count > 0) return Collect(bare.SelectMany(l => l.Items), bare.Sum(l => l.Unparsed), maxItemLength, splitExplanation: false);

        return new FeatureListParseResult(Array.Empty<string>(), 1, false);
    }

    private static bool ContainsLetter(string s) => s.Any(char.IsLetter);

    private static List<string> BulletItems(string text)
    {
        var items = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var match = BulletLine.Match(rawLine.TrimEnd('\r'));
            if (!match.Success) continue;
            var item = match.Groups["item"].Value.Trim();
            // A bullet that ends with a colon heads a group of sub-items ("- Rhythm:"); it is not a feature.
            if (StripDecoration(item).Length == 0 || StripMarkdown(item).TrimEnd().EndsWith(':')) continue;
            items.Add(item);
        }
        return items;
    }

    private static FeatureListParseResult Collect(IEnumerable<string> raw, int unparsed, int maxItemLength, bool splitExplanation)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var items = new List<string>();
        foreach (var r in raw)
        {
            var item = Clean(r, splitExplanation);
            if (item.Length == 0) continue;
            if (item.Length > maxItemLength) { unparsed++; continue; }
            if (seen.Add(item)) items.Add(item);
        }
        return new FeatureListParseResult(items, unparsed, true);
    }

    /// <summary>Trims decoration (quotes, markdown emphasis, trailing punctuation) and collapses white space.</summary>
    internal static string Clean(string item, bool splitExplanation)
    {
        var s = CollapseWhitespace(item);
        if (splitExplanation) s = DropExplanation(s);
        return StripDecoration(s);
    }

    private static string DropExplanation(string s)
    {
        // "**ST elevation**: suggests injury" or "ST elevation - suggests injury": keep the named feature.
        var bold = Regex.Match(s, @"^\s*(\*\*|__)(?<name>[^*_]+?)\1");
        if (bold.Success && bold.Index == 0 && s.Length > bold.Length) return bold.Groups["name"].Value;
        // Only a sentence-like rest is an explanation; "QT interval: prolonged" keeps its qualifier.
        var split = Regex.Match(s, @"^(?<name>[^:]{2,80}?)(?::\s|\s[-–—]\s)(?<rest>.+)$");
        if (!split.Success) return s;
        int restWords = split.Groups["rest"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return restWords >= 4 ? split.Groups["name"].Value : s;
    }

    private static string StripMarkdown(string s) => s.Replace("**", "").Replace("__", "").Replace("`", "");

    private static string StripDecoration(string s)
    {
        s = StripMarkdown(s).Trim();
        string previous;
        do
        {
            previous = s;
            s = s.Trim().Trim('"', '\'', '“', '”', '‘', '’').Trim();
            s = s.TrimEnd('.', ',', ';', ':').Trim();
        }
        while (s != previous);
        return s;
    }

    private static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
