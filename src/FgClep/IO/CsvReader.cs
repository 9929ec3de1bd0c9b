using System.Globalization;
using System.Text;

namespace FgClep.IO;

/// <summary>
/// Streaming RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes and line breaks; a UTF-8 BOM is skipped;
/// the first row is the header and fields are read <em>by column name</em>. Blank lines are skipped. A quote inside an
/// unquoted field is kept literally (common in real files); anything after a closing quote other than a comma or a line
/// break, an unterminated quote, or a row whose field count differs from the header is an <see cref="FgClepFormatException"/>.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ambiguous = new(StringComparer.Ordinal);
    private readonly List<string> _fields = new();
    private readonly StringBuilder _field = new();
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _len;
    private long _line = 1;
    private bool _hasRow;

    /// <summary>Opens <paramref name="path"/> (UTF-8, BOM optional) and reads its header.</summary>
    public static CsvReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file '{path}' was not found.", path);
        RegularFile.Check(path);
        var stream = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try { return new CsvReader(stream, path); }
        catch { stream.Dispose(); throw; }
    }

    /// <summary>Reads the header from <paramref name="reader"/>; <paramref name="filePath"/> is used in error messages.</summary>
    public CsvReader(TextReader reader, string filePath)
    {
        _reader = reader;
        FilePath = filePath;
        if (!ReadRecord(out _)) throw new FgClepFormatException(filePath, "line 1", "expected a header row, found an empty file.");
        var header = _fields.ToArray();
        header[0] = header[0].TrimStart('\uFEFF');
        Header = header;
        for (int i = 0; i < header.Length; i++)
        {
            if (!_columnIndex.TryAdd(header[i], i)) _ambiguous.Add(header[i]);
        }
    }

    /// <summary>The file the rows come from.</summary>
    public string FilePath { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Line (1-based) on which the current row starts.</summary>
    public long RowLine { get; private set; }

    /// <summary>Whether the header has a column named <paramref name="name"/>.</summary>
    public bool HasColumn(string name) => _columnIndex.ContainsKey(name);

    /// <summary>Throws unless every name in <paramref name="names"/> is a column.</summary>
    public void RequireColumns(params string[] names)
    {
        foreach (var name in names) IndexOf(name);
    }

    /// <summary>Advances to the next non-blank row; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            if (!ReadRecord(out bool blank)) { _hasRow = false; return false; }
            if (blank) continue;
            if (_fields.Count != Header.Count)
                throw new FgClepFormatException(FilePath, $"line {RowLine}",
                    $"expected {Header.Count} fields as in the header, found {_fields.Count}.");
            _hasRow = true;
            return true;
        }
    }

    /// <summary>The current row's value of column <paramref name="name"/>.</summary>
    public string this[string name]
    {
        get
        {
            int index = IndexOf(name);
            if (!_hasRow) throw new InvalidOperationException("No current row: call Read() first.");
            return _fields[index];
        }
    }

    /// <summary>The current row's value of <paramref name="name"/>, or null when the file has no such column.</summary>
    public string? GetOptional(string name) => HasColumn(name) ? this[name] : null;

    /// <summary>
    /// The current row's value of <paramref name="name"/> as an integer; accepts an integral float such as <c>15709.0</c>
    /// (how pandas writes integer columns that once held a missing value).
    /// </summary>
    public int GetInt32(string name)
    {
        var text = this[name].Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue) return (int)d;
        throw Error($"expected an integer in column '{name}', found '{text}'.");
    }

    /// <summary>The current row's value of <paramref name="name"/> as a 64-bit integer (an integral float is accepted).</summary>
    public long GetInt64(string name)
    {
        var text = this[name].Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) return value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        throw Error($"expected an integer in column '{name}', found '{text}'.");
    }

    /// <summary>The current row's value of <paramref name="name"/> as a number, or null when empty or NaN.</summary>
    public double? GetDoubleOrNull(string name)
    {
        var text = this[name].Trim();
        if (IsMissing(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        throw Error($"expected a number in column '{name}', found '{text}'.");
    }

    /// <summary>
    /// The current row's value of <paramref name="name"/> as a flag: <c>1</c>, <c>1.0</c>, <c>True</c> are true;
    /// empty, <c>0</c>, <c>0.0</c>, <c>False</c>, <c>NaN</c> are false; anything else is an error.
    /// </summary>
    public bool GetFlag(string name)
    {
        var text = this[name].Trim();
        if (IsMissing(text) || text is "0" or "0.0" || text.Equals("False", StringComparison.OrdinalIgnoreCase)) return false;
        if (text is "1" or "1.0" || text.Equals("True", StringComparison.OrdinalIgnoreCase)) return true;
        throw Error($"expected a flag (0/1/True/False or empty) in column '{name}', found '{text}'.");
    }

    /// <summary>Whether a field means "no value" (empty, or <c>nan</c> as pandas may write it).</summary>
    public static bool IsMissing(string text)
    {
        var t = text.AsSpan().Trim();
        return t.IsEmpty || t.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Location text of the current row, for error messages.</summary>
    public string Location => $"line {RowLine}";

    /// <summary>A format error at the current row.</summary>
    public FgClepFormatException Error(string problem, Exception? inner = null) => new(FilePath, Location, problem, inner);

    private int IndexOf(string name)
    {
        if (_ambiguous.Contains(name))
            throw new FgClepFormatException(FilePath, "line 1", $"expected one column named '{name}', found several.");
        if (!_columnIndex.TryGetValue(name, out int index))
            throw new FgClepFormatException(FilePath, "line 1",
                $"expected a column named '{name}', found columns: {string.Join(", ", Header.Select(h => $"'{h}'"))}.");
        return index;
    }

    private int ReadChar()
    {
        if (_pos == _len)
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len <= 0) { _len = 0; return -1; }
        }
        return _buffer[_pos++];
    }

    private int PeekChar()
    {
        if (_pos == _len)
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len <= 0) { _len = 0; return -1; }
        }
        return _buffer[_pos];
    }

    private bool ReadRecord(out bool blank)
    {
        _fields.Clear();
        _field.Clear();
        blank = false;
        if (PeekChar() < 0) return false;
        RowLine = _line;
        bool quoted = false, afterQuote = false, fieldStart = true, anyContent = false;
        long quoteLine = 0;
        while (true)
        {
            int c = ReadChar();
            if (c < 0)
            {
                if (quoted)
                    throw new FgClepFormatException(FilePath, $"line {quoteLine}",
                        $"expected a closing quote for field {_fields.Count + 1} opened on line {quoteLine}, found the end of the file.");
                _fields.Add(_field.ToString());
                blank = !anyContent && _fields.Count == 1;
                return true;
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (PeekChar() == '"') { ReadChar(); _field.Append('"'); }
                    else { quoted = false; afterQuote = true; }
                    continue;
                }
                if (c == '\n' || (c == '\r' && PeekChar() != '\n')) _line++;
                _field.Append((char)c);
                continue;
            }
            if (c == ',')
            {
                _fields.Add(_field.ToString());
                _field.Clear();
                fieldStart = true;
                afterQuote = false;
                anyContent = true;
                continue;
            }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && PeekChar() == '\n') ReadChar();
                _line++;
                _fields.Add(_field.ToString());
                blank = !anyContent && _fields.Count == 1;
                return true;
            }
            if (afterQuote)
                throw new FgClepFormatException(FilePath, $"line {_line}",
                    $"expected a comma or a line break after the closing quote of field {_fields.Count + 1}, found '{(char)c}'.");
            anyContent = true;
            if (c == '"' && fieldStart)
            {
                quoted = true;
                quoteLine = _line;
                fieldStart = false;
                continue;
            }
            fieldStart = false;
            _field.Append((char)c);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
