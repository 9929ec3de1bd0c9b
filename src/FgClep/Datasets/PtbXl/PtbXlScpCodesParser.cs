using System.Globalization;
using FgClep.IO;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// Parses the <c>scp_codes</c> column: a Python dict literal such as <c>{'NORM': 100.0, 'SR': 0.0}</c>
/// (single or double quotes, optional spaces, int/float/nan values, trailing comma allowed).
/// </summary>
internal static class PtbXlScpCodesParser
{
    public static Dictionary<string, double> Parse(string text, string filePath, string location)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        int i = 0;
        FgClepFormatException Fail(string expected)
        {
            var found = i < text.Length ? $"'{text[i]}' at character {i + 1}" : "the end of the value";
            return new FgClepFormatException(filePath, location, $"scp_codes '{text}': expected {expected}, found {found}.");
        }
        void SkipSpace() { while (i < text.Length && char.IsWhiteSpace(text[i])) i++; }

        SkipSpace();
        if (i >= text.Length) return result; // empty field = no statements
        if (text[i] != '{') throw Fail("'{'");
        i++;
        while (true)
        {
            SkipSpace();
            if (i < text.Length && text[i] == '}') { i++; break; }
            if (i >= text.Length || (text[i] != '\'' && text[i] != '"')) throw Fail("a quoted code or '}'");
            char quote = text[i++];
            int start = i;
            while (i < text.Length && text[i] != quote) i++;
            if (i >= text.Length) throw Fail($"a closing {quote}");
            var code = text[start..i];
            i++;
            SkipSpace();
            if (i >= text.Length || text[i] != ':') throw Fail("':'");
            i++;
            SkipSpace();
            start = i;
            while (i < text.Length && text[i] != ',' && text[i] != '}' && !char.IsWhiteSpace(text[i])) i++;
            var number = text[start..i];
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double likelihood))
            {
                if (number.Equals("nan", StringComparison.OrdinalIgnoreCase)) likelihood = double.NaN;
                else { i = start; throw Fail($"a number for code '{code}'"); }
            }
            if (!result.TryAdd(code, likelihood))
                throw new FgClepFormatException(filePath, location, $"scp_codes '{text}': expected each code once, found '{code}' twice.");
            SkipSpace();
            if (i < text.Length && text[i] == ',') { i++; continue; }
            if (i < text.Length && text[i] == '}') { i++; break; }
            throw Fail("',' or '}'");
        }
        SkipSpace();
        if (i != text.Length) throw Fail("nothing after '}'");
        return result;
    }
}
