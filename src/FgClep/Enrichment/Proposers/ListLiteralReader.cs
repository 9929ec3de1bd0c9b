using System.Globalization;
using System.Text;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Reads one Python list literal or JSON array starting at a <c>[</c>, leniently: strings in either quote style
/// (with prefixes, escapes, triple quotes, typographic quotes), nested lists and tuples flattened, <c>#</c>
/// comments, missing or trailing commas, unquoted phrases, and text that ends before the closing bracket.
/// </summary>
internal sealed class ListLiteralReader
{
    private const int MaxDepth = 16;
    private readonly string _text;
    private int _pos;
    private readonly List<string> _quoted = new();
    private readonly List<string> _bare = new();
    private int _unparsed;

    /// <summary>The items read: the quoted strings when there are any (bare words then count as unparsed), else the bare phrases.</summary>
    internal sealed record ListResult(IReadOnlyList<string> Items, int QuotedItems, int Unparsed, int End);

    public ListLiteralReader(string text, int openBracket)
    {
        _text = text;
        _pos = openBracket;
    }

    public ListResult Read()
    {
        _pos++;
        ReadElements(']', 0);
        if (_quoted.Count > 0) return new ListResult(_quoted, _quoted.Count, _unparsed + _bare.Count, _pos);
        return new ListResult(_bare, 0, _unparsed, _pos);
    }

    private void ReadElements(char close, int depth)
    {
        while (true)
        {
            SkipSeparators();
            if (_pos >= _text.Length) return;
            char c = _text[_pos];
            if (c == close) { _pos++; return; }
            if (c is ']' or ')' or '}') { _pos++; _unparsed++; continue; } // stray closer of another kind
            if (c is '[' or '(' && depth < MaxDepth)
            {
                _pos++;
                ReadElements(c == '[' ? ']' : ')', depth + 1);
                continue;
            }
            if (c == '{') { SkipBalanced('{', '}'); _unparsed++; continue; }
            if (TryStringStart(out var quote))
            {
                var s = ReadString(quote);
                if (s is null) { _unparsed++; return; }
                _quoted.Add(s);
                continue;
            }
            ReadBare(close);
        }
    }

    private void SkipSeparators()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c) || c == ',') _pos++;
            else if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; }
            else return;
        }
    }

    private void ReadBare(char close)
    {
        int start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or '\n') && _text[_pos] != close && _text[_pos] is not (']' or ')')) _pos++;
        var word = _text[start.._pos].Trim();
        if (word.Length == 0) { _pos++; return; }
        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || word is "None" or "null" or "True" or "False" or "true" or "false" or "...")
            _unparsed++;
        else
            _bare.Add(word);
    }

    private void SkipBalanced(char open, char close)
    {
        int depth = 0;
        char? inString = null;
        for (; _pos < _text.Length; _pos++)
        {
            char c = _text[_pos];
            if (inString is { } q)
            {
                if (c == '\\') _pos++;
                else if (c == q) inString = null;
                continue;
            }
            if (c == '"') inString = c;
            else if (c == open) depth++;
            else if (c == close && --depth == 0) { _pos++; return; }
        }
    }

    private static bool IsQuote(char c) => c is '\'' or '"' or '“' or '”' or '‘' or '’';

    private bool TryStringStart(out char quote)
    {
        quote = default;
        int p = _pos;
        // Python string prefixes: r, u, b, f and two-letter combinations.
        for (int k = 0; k < 2 && p < _text.Length && "rRuUbBfF".Contains(_text[p]); k++) p++;
        if (p >= _text.Length || !IsQuote(_text[p])) return false;
        if (p > _pos && p + 1 < _text.Length && char.IsLetter(_text[p + 1]) && _text[p] == '\'' && !LooksLikeStringAfterPrefix(p)) return false;
        _pos = p;
        quote = _text[p];
        return true;
    }

    // "b's" in a bare phrase is not a bytes literal unless the quote closes before a separator.
    private bool LooksLikeStringAfterPrefix(int quotePos) => _text.IndexOf(_text[quotePos], quotePos + 1) > quotePos;

    private bool IsCloser(char open, char c) => open switch
    {
        '“' or '”' => c is '”' or '“' or '"',
        '‘' or '’' => c is '’' or '‘' or '\'',
        _ => c == open,
    };

    private string? ReadString(char quote)
    {
        bool triple = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote && quote is '\'' or '"';
        _pos += triple ? 3 : 1;
        var sb = new StringBuilder();
        int firstSkippedCloser = -1, lengthAtSkip = 0;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length)
            {
                _pos = ReadEscape(_pos + 1, sb);
                continue;
            }
            if (triple)
            {
                if (c == quote && _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)
                {
                    _pos += 3;
                    return sb.ToString();
                }
            }
            else if (IsCloser(quote, c))
            {
                if (ClosesHere(_pos + 1)) { _pos++; return sb.ToString(); }
                if (firstSkippedCloser < 0) { firstSkippedCloser = _pos; lengthAtSkip = sb.Length; }
            }
            sb.Append(c);
            _pos++;
        }
        if (firstSkippedCloser < 0) return null;
        // The apostrophe reading ran off the end: the first quote was the real end after all.
        _pos = firstSkippedCloser + 1;
        return sb.ToString(0, lengthAtSkip);
    }

    private bool ClosesHere(int p)
    {
        while (p < _text.Length && char.IsWhiteSpace(_text[p])) p++;
        return p >= _text.Length || _text[p] is ',' or ']' or ')' or '}' or ':' or '#' || IsQuote(_text[p]);
    }

    private int ReadEscape(int p, StringBuilder sb)
    {
        char e = _text[p];
        switch (e)
        {
            case 'n': sb.Append('\n'); return p + 1;
            case 't': sb.Append('\t'); return p + 1;
            case 'r': sb.Append('\r'); return p + 1;
            case '\n': return p + 1; // line continuation
            case 'u' when TryHex(p + 1, 4, out var u): sb.Append((char)u); return p + 5;
            case 'x' when TryHex(p + 1, 2, out var x): sb.Append((char)x); return p + 3;
            default: sb.Append(e); return p + 1;
        }
    }

    private bool TryHex(int p, int digits, out int value)
    {
        value = 0;
        return p + digits <= _text.Length
            && int.TryParse(_text.AsSpan(p, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
