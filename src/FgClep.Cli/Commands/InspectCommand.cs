using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FgClep.IO;
using FgClep.IO.Wfdb;
using Spectre.Console;

namespace FgClep.Cli.Commands;

/// <summary><c>fgclep inspect &lt;record&gt; [--json]</c>: header fields and per-lead statistics of a WFDB record.</summary>
internal sealed class InspectCommand : Command
{
    private readonly Argument<string> _record = new("record")
    {
        Description = "Record path without extension, e.g. data/ptbxl/records100/00000/00001_lr",
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print machine-readable JSON instead of a table." };

    public InspectCommand() : base("inspect", "Show a WFDB record's header fields and per-lead statistics in physical units.")
    {
        Arguments.Add(_record);
        Options.Add(_json);
        SetAction(result => Run(result.GetRequiredValue(_record), result.GetValue(_json),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    public static int Run(string recordPath, bool json, TextWriter output, TextWriter error)
    {
        WfdbHeader header;
        EcgRecord record;
        try
        {
            var headerPath = recordPath.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? recordPath : recordPath + ".hea";
            header = WfdbHeaderParser.ParseFile(headerPath);
            record = WfdbRecordReader.Read(header, null);
        }
        catch (FgClepFormatException e)
        {
            CliApp.WriteError(error, e.Message, File.Exists(e.FilePath)
                ? "The record is damaged or in an unsupported layout; check or re-download its .hea and signal files"
                : "Give the record path without extension, e.g. data/ptbxl/records100/00000/00001_lr");
            return CliApp.BadInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            CliApp.WriteError(error, e.Message, "Check the record path and its permissions");
            return CliApp.BadInput;
        }
        catch (Exception e)
        {
            CliApp.WriteError(error, $"unexpected failure ({e.GetType().Name}): {e.Message}", "Please report this with the record");
            return CliApp.Failure;
        }

        var stats = Enumerable.Range(0, record.LeadCount).Select(l => LeadStatistics.Of(record.Lead(l))).ToArray();
        if (json) WriteJson(output, header, record, stats);
        else WriteTable(output, header, record, stats);
        return CliApp.Ok;
    }

    private static void WriteTable(TextWriter output, WfdbHeader header, EcgRecord record, LeadStatistics[] stats)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var inv = CultureInfo.InvariantCulture;
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string? value) { if (!string.IsNullOrEmpty(value)) grid.AddRow(new Text(name), new Text(value)); }
        Row("Record", header.RecordName);
        Row("Header", header.SourcePath);
        Row("Signals", header.SignalCount.ToString(inv));
        Row("Sampling frequency", $"{header.SamplingFrequency.ToString(inv)} Hz");
        if (header.CounterFrequency != header.SamplingFrequency) Row("Counter frequency", $"{header.CounterFrequency.ToString(inv)} Hz");
        Row("Samples per signal", $"{record.SampleCount.ToString(inv)} ({record.DurationSeconds.ToString("0.###", inv)} s)");
        Row("Base time", header.BaseTime);
        Row("Base date", header.BaseDate);
        Row("Age", header.Age?.ToString(inv));
        Row("Sex", header.Sex);
        Row("Dx", string.Join(", ", header.DiagnosisCodes));
        foreach (var comment in header.Comments) Row("Comment", comment);
        console.Write(grid);

        var table = new Table().AddColumns("Lead", "File", "Format", "Gain", "Units", "Samples", "Invalid", "Mean", "Std", "Min", "Max");
        for (int l = 0; l < record.LeadCount; l++)
        {
            var s = header.Signals[l];
            var st = stats[l];
            table.AddRow(new[]
            {
                record.LeadNames[l], s.FileName, Format(s), s.Gain.ToString(inv), s.Units, record.SampleCount.ToString(inv),
                st.Invalid.ToString(inv), Number(st.Mean), Number(st.Std), Number(st.Min), Number(st.Max),
            }.Select(text => new Text(text)));
        }
        console.Write(table);
    }

    private static string Format(WfdbSignalSpec s) => s.ByteOffset == 0
        ? s.Format.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{s.Format}+{s.ByteOffset}");

    private static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void WriteJson(TextWriter output, WfdbHeader header, EcgRecord record, LeadStatistics[] stats)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("record", header.RecordName);
            w.WriteString("header", header.SourcePath);
            w.WriteNumber("signalCount", header.SignalCount);
            w.WriteNumber("samplingFrequency", header.SamplingFrequency);
            w.WriteNumber("counterFrequency", header.CounterFrequency);
            w.WriteNumber("samplesPerSignal", record.SampleCount);
            w.WriteNumber("durationSeconds", record.DurationSeconds);
            WriteStringOrNull(w, "baseTime", header.BaseTime);
            WriteStringOrNull(w, "baseDate", header.BaseDate);
            WriteNumberOrNull(w, "age", header.Age);
            WriteStringOrNull(w, "sex", header.Sex);
            w.WriteStartArray("dx");
            foreach (var code in header.DiagnosisCodes) w.WriteStringValue(code);
            w.WriteEndArray();
            w.WriteStartArray("comments");
            foreach (var comment in header.Comments) w.WriteStringValue(comment);
            w.WriteEndArray();
            w.WriteStartArray("leads");
            for (int l = 0; l < record.LeadCount; l++)
            {
                var s = header.Signals[l];
                var st = stats[l];
                w.WriteStartObject();
                w.WriteString("name", record.LeadNames[l]);
                w.WriteString("file", s.FileName);
                w.WriteNumber("format", s.Format);
                w.WriteNumber("byteOffset", s.ByteOffset);
                w.WriteNumber("gain", s.Gain);
                w.WriteNumber("baseline", s.Baseline);
                w.WriteString("units", s.Units);
                w.WriteNumber("samples", record.SampleCount);
                w.WriteNumber("invalid", st.Invalid);
                WriteNumberOrNull(w, "mean", st.Mean);
                WriteNumberOrNull(w, "std", st.Std);
                WriteNumberOrNull(w, "min", st.Min);
                WriteNumberOrNull(w, "max", st.Max);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        // Samples are single precision; printing the statistics as float avoids digits that mean nothing.
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, (float)v); else w.WriteNull(name);
    }
}
