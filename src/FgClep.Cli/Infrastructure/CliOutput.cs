using Spectre.Console;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Where the tool writes: human-readable lines (stdout, or stderr with <c>--json</c> so stdout holds only the JSON result),
/// progress (a Spectre.Console bar on an interactive terminal, one line per step of progress otherwise), and errors (stderr).
/// <c>--quiet</c> keeps only errors and the <c>--json</c> result.
/// </summary>
internal sealed class CliOutput
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public CliOutput(TextWriter output, TextWriter error, bool quiet, bool json)
    {
        _output = output;
        _error = error;
        Quiet = quiet;
        Json = json;
        // Only a real terminal gets redrawn bars; logs, pipes and tests get plain lines.
        Interactive = !quiet && !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    }

    public bool Quiet { get; }

    public bool Json { get; }

    public bool Interactive { get; }

    private TextWriter InfoWriter => Json ? _error : _output;

    /// <summary>A line of human-readable information.</summary>
    public void Info(string line = "")
    {
        if (!Quiet) InfoWriter.WriteLine(line);
    }

    /// <summary>A warning: always shown (stderr) unless <c>--quiet</c>.</summary>
    public void Warn(string line)
    {
        if (!Quiet) _error.WriteLine($"warning: {line}");
    }

    /// <summary>An error with what to do about it (always shown).</summary>
    public void Error(string message, string advice) => CliApp.WriteError(_error, message, advice);

    /// <summary>The command's result: JSON on stdout with <c>--json</c>, nothing otherwise (the human lines said it).</summary>
    public void Result(object value)
    {
        if (Json) _output.WriteLine(CliJson.Serialize(value));
    }

    /// <summary>A table for humans (skipped with <c>--json</c> or <c>--quiet</c>).</summary>
    public void Table(Table table)
    {
        if (Quiet) return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(InfoWriter) });
        if (!Interactive) console.Profile.Width = Math.Max(console.Profile.Width, 140);
        console.Write(table);
    }

    /// <summary>Runs <paramref name="work"/> with a progress display titled <paramref name="title"/>.</summary>
    public T Progress<T>(string title, Func<CliProgress, T> work)
    {
        if (!Interactive)
        {
            var lines = new CliProgress(title, null, Quiet ? null : InfoWriter);
            var result = work(lines);
            lines.Finish();
            return result;
        }
        T value = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                var bar = new CliProgress(title, task, null);
                value = work(bar);
                bar.Finish();
            });
        return value;
    }
}
