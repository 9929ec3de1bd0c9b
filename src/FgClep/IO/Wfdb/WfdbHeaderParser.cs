using System.Globalization;
using System.Text;

namespace FgClep.IO.Wfdb;

/// <summary>
/// Parses WFDB header files (<c>.hea</c>): the record line, the signal lines and <c>#</c> comment lines.
/// Fields the header leaves out get their WFDB defaults (gain 200, frequency 250, ADC zero 0, ...).
/// </summary>
public static class WfdbHeaderParser
{
    /// <summary>Gain used when a signal line gives none or gives 0 (ADC units per physical unit).</summary>
    public const double DefaultGain = 200;

    /// <summary>Sampling frequency used when the record line gives none (Hz).</summary>
    public const double DefaultFrequency = 250;

    private const int MaxSignals = 4096;

    /// <summary>Reads and parses the header file at <paramref name="headerPath"/>.</summary>
    /// <exception cref="FgClepFormatException">The file is missing, unreadable or malformed.</exception>
    public static WfdbHeader ParseFile(string headerPath)
    {
        var bytes = EcgFileBytes.Read(headerPath, "header file");
        var content = bytes.AsSpan();
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];
        return Parse(Encoding.UTF8.GetString(content), headerPath);
    }

    /// <summary>Parses header text; <paramref name="sourcePath"/> names the file in error messages.</summary>
    /// <exception cref="FgClepFormatException">The text is not a valid single-segment WFDB header.</exception>
    public static WfdbHeader Parse(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourcePath);
        var comments = new List<string>();
        var signals = new List<WfdbSignalSpec>();
        WfdbHeader? record = null;
        int declaredSignals = 0;
        int lineNumber = 0, recordLine = 0;
        Span<Range> fields = stackalloc Range[9];
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf('\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimEnd('\r');
            rest = newline < 0 ? default : rest[(newline + 1)..];
            lineNumber++;
            var trimmed = line.TrimStart();
            if (trimmed.IsEmpty) continue;
            if (trimmed[0] == '#')
            {
                comments.Add(trimmed[1..].Trim().ToString());
                continue;
            }
            var context = new LineContext(sourcePath, lineNumber);
            if (record is null)
            {
                int count = Tokenize(line, fields[..7]);
                record = ParseRecordLine(context, line, fields[..count], out declaredSignals);
                recordLine = lineNumber;
            }
            else
            {
                if (signals.Count == declaredSignals)
                    throw context.Error($"the record line declares {declaredSignals} signal(s) but another signal line follows");
                int count = Tokenize(line, fields);
                signals.Add(ParseSignalLine(context, line, fields[..count], signals.Count > 0 ? signals[^1] : null));
            }
        }
        if (record is null) throw new FgClepFormatException(sourcePath, null, "empty header: expected a record line such as 'name 12 500 5000'");
        if (signals.Count != declaredSignals)
            throw new FgClepFormatException(sourcePath, $"line {recordLine}",
                $"the record line declares {declaredSignals} signal(s) but the header has {signals.Count} signal line(s)");
        return new WfdbHeader
        {
            SourcePath = sourcePath,
            RecordName = record.RecordName,
            SamplingFrequency = record.SamplingFrequency,
            CounterFrequency = record.CounterFrequency,
            BaseCounter = record.BaseCounter,
            SamplesPerSignal = record.SamplesPerSignal,
            BaseTime = record.BaseTime,
            BaseDate = record.BaseDate,
            Signals = signals,
            Comments = comments,
        };
    }

    /// <summary>
    /// Splits <paramref name="line"/> at spaces and tabs into at most <c>fields.Length</c> fields; the last one takes the rest
    /// of the line (signal descriptions contain spaces). Returns the number of fields.
    /// </summary>
    private static int Tokenize(ReadOnlySpan<char> line, Span<Range> fields)
    {
        int count = 0, i = 0;
        while (i < line.Length && count < fields.Length)
        {
            while (i < line.Length && IsSpace(line[i])) i++;
            if (i >= line.Length) break;
            int start = i;
            if (count == fields.Length - 1)
            {
                int end = line.Length;
                while (end > start && IsSpace(line[end - 1])) end--;
                fields[count++] = start..end;
                break;
            }
            while (i < line.Length && !IsSpace(line[i])) i++;
            fields[count++] = start..i;
        }
        return count;
    }

    private static bool IsSpace(char ch) => ch is ' ' or '\t' or '\v' or '\f';

    private static WfdbHeader ParseRecordLine(LineContext c, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, out int signalCount)
    {
        var name = line[fields[0]];
        int slash = name.IndexOf('/');
        if (slash >= 0)
        {
            if (int.TryParse(name[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw c.Error($"multi-segment records ('{Shorten(name)}') are not supported; read each segment's header instead");
            throw c.Error($"expected a record name, optionally followed by '/segments', found '{Shorten(name)}'");
        }
        if (fields.Length > 6) throw c.Error("expected at most 6 fields on the record line (name, signals, frequency, samples, time, date)");
        signalCount = fields.Length > 1 ? c.Int(line[fields[1]], "the number of signals", 0, MaxSignals) : 0;
        double frequency = DefaultFrequency, counterFrequency = 0, baseCounter = 0;
        if (fields.Length > 2) ParseFrequency(c, line[fields[2]], out frequency, out counterFrequency, out baseCounter);
        long? samples = null;
        if (fields.Length > 3)
        {
            var n = c.Long(line[fields[3]], "the number of samples per signal", 0, int.MaxValue);
            if (n > 0) samples = n;
        }
        return new WfdbHeader
        {
            SourcePath = c.Path,
            RecordName = name.ToString(),
            SamplingFrequency = frequency,
            CounterFrequency = counterFrequency > 0 ? counterFrequency : frequency,
            BaseCounter = baseCounter,
            SamplesPerSignal = samples,
            BaseTime = fields.Length > 4 ? line[fields[4]].ToString() : null,
            BaseDate = fields.Length > 5 ? line[fields[5]].ToString() : null,
            Signals = Array.Empty<WfdbSignalSpec>(),
        };
    }

    // "fs[/counterFrequency[(baseCounter)]]"
    private static void ParseFrequency(LineContext c, ReadOnlySpan<char> field, out double frequency, out double counterFrequency, out double baseCounter)
    {
        counterFrequency = 0;
        baseCounter = 0;
        int slash = field.IndexOf('/');
        frequency = c.Double(slash < 0 ? field : field[..slash], "the sampling frequency in Hz", positive: true);
        if (slash < 0) return;
        var rest = field[(slash + 1)..];
        int open = rest.IndexOf('(');
        if (open >= 0)
        {
            if (rest[^1] != ')') throw c.Error($"expected '(base counter)' after the counter frequency, found '{Shorten(field)}'");
            baseCounter = c.Double(rest[(open + 1)..^1], "the base counter value", positive: false);
            rest = rest[..open];
        }
        counterFrequency = c.Double(rest, "the counter frequency", positive: true);
    }

    private static WfdbSignalSpec ParseSignalLine(LineContext c, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, WfdbSignalSpec? previous)
    {
        if (fields.Length < 2) throw c.Error($"expected a signal line 'file format [gain ...]', found '{Shorten(line.Trim())}'");
        var fileName = Reuse(line[fields[0]], previous?.FileName);
        ParseFormat(c, line[fields[1]], out int format, out int samplesPerFrame, out int skew, out long byteOffset);

        double gain = 0;
        int? baseline = null;
        string units = "mV";
        if (fields.Length > 2) ParseGain(c, line[fields[2]], previous?.Units, out gain, out baseline, out units);
        int adcResolution = fields.Length > 3 ? c.Int(line[fields[3]], "the ADC resolution in bits", 0, 32) : 0;
        int adcZero = fields.Length > 4 ? c.Int(line[fields[4]], "the ADC zero", int.MinValue, int.MaxValue) : 0;
        int? initial = fields.Length > 5 ? c.Int(line[fields[5]], "the initial value", int.MinValue, int.MaxValue) : null;
        int? checksum = fields.Length > 6 ? c.Int(line[fields[6]], "the checksum", int.MinValue, int.MaxValue) : null;
        int blockSize = fields.Length > 7 ? c.Int(line[fields[7]], "the block size", 0, int.MaxValue) : 0;
        var description = fields.Length > 8 ? line[fields[8]].ToString() : "";
        if (adcResolution == 0) adcResolution = WfdbFormats.DefaultResolution(format);

        return new WfdbSignalSpec
        {
            FileName = fileName,
            Format = format,
            SamplesPerFrame = samplesPerFrame,
            Skew = skew,
            ByteOffset = byteOffset,
            Gain = gain == 0 ? DefaultGain : gain,
            GainSpecified = gain != 0,
            Baseline = baseline ?? adcZero,
            Units = units,
            AdcResolution = adcResolution,
            AdcZero = adcZero,
            InitialValue = initial,
            Checksum = checksum,
            BlockSize = blockSize,
            Description = description,
            LineNumber = c.Number,
        };
    }

    // Signal lines repeat the file name and units; share one string instead of allocating per line.
    private static string Reuse(ReadOnlySpan<char> text, string? previous)
        => previous is not null && text.SequenceEqual(previous) ? previous : text.ToString();

    // "format[xSamplesPerFrame][:skew][+byteOffset]", e.g. "16", "212", "16+24", "16x2:3+512"
    private static void ParseFormat(LineContext c, ReadOnlySpan<char> field, out int format, out int samplesPerFrame, out int skew, out long byteOffset)
    {
        samplesPerFrame = 1;
        skew = 0;
        byteOffset = 0;
        int end = EndOfDigits(field, 0);
        format = c.Int(field[..end], "a storage format code such as 16 or 212", 0, 999);
        int pos = end;
        if (pos < field.Length && field[pos] == 'x')
        {
            end = EndOfDigits(field, pos + 1);
            samplesPerFrame = c.Int(field[(pos + 1)..end], "samples per frame after 'x'", 1, 1_000_000);
            pos = end;
        }
        if (pos < field.Length && field[pos] == ':')
        {
            end = EndOfDigits(field, pos + 1);
            skew = c.Int(field[(pos + 1)..end], "a skew after ':'", 0, int.MaxValue);
            pos = end;
        }
        if (pos < field.Length && field[pos] == '+')
        {
            end = EndOfDigits(field, pos + 1);
            byteOffset = c.Long(field[(pos + 1)..end], "a byte offset after '+'", 0, long.MaxValue);
            pos = end;
        }
        if (pos != field.Length)
            throw c.Error($"expected 'format[xSamplesPerFrame][:skew][+byteOffset]', found '{Shorten(field)}'");
    }

    // "gain[(baseline)][/units]", e.g. "1000.0(0)/mV", "200/mV", "12.5"
    private static void ParseGain(LineContext c, ReadOnlySpan<char> field, string? previousUnits, out double gain, out int? baseline, out string units)
    {
        units = "mV";
        baseline = null;
        var rest = field;
        int slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            if (slash == rest.Length - 1) throw c.Error($"expected units after '/' in '{Shorten(field)}'");
            units = Reuse(rest[(slash + 1)..], previousUnits);
            rest = rest[..slash];
        }
        int open = rest.IndexOf('(');
        if (open >= 0)
        {
            if (rest[^1] != ')') throw c.Error($"expected 'gain(baseline)', found '{Shorten(field)}'");
            baseline = c.Int(rest[(open + 1)..^1], "the baseline inside '(...)'", int.MinValue, int.MaxValue);
            rest = rest[..open];
        }
        gain = c.Double(rest, "the ADC gain (ADC units per physical unit)", positive: false);
    }

    private static int EndOfDigits(ReadOnlySpan<char> s, int start)
    {
        int i = start;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || (i == start && s[i] == '-'))) i++;
        return i;
    }

    /// <summary>Text for an error message: at most 40 characters, control characters shown as '?'.</summary>
    internal static string Shorten(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Length > 40 ? text[..40] : text)
            sb.Append(char.IsControl(ch) || ch == '\uFFFD' ? '?' : ch);
        if (text.Length > 40) sb.Append("...");
        return sb.ToString();
    }

    private readonly record struct LineContext(string Path, int Number)
    {
        public FgClepFormatException Error(string problem) => new(Path, $"line {Number}", problem);

        public int Int(ReadOnlySpan<char> text, string what, int min, int max) => (int)Long(text, what, min, max);

        public long Long(ReadOnlySpan<char> text, string what, long min, long max)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error($"expected {what} (an integer), found '{Shorten(text)}'");
            if (value < min || value > max)
                throw Error($"expected {what} between {min} and {max}, found {value}");
            return value;
        }

        public double Double(ReadOnlySpan<char> text, string what, bool positive)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw Error($"expected {what} (a finite number), found '{Shorten(text)}'");
            if (positive && value <= 0) throw Error($"expected {what} greater than 0, found {Shorten(text)}");
            return value;
        }
    }
}
