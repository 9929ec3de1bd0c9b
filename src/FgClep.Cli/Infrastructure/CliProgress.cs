using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Progress of one piece of long work: drives a Spectre.Console task (bar, ETA) on a terminal, or writes a plain line at
/// every tenth of the work (logs and pipes).
/// </summary>
internal sealed class CliProgress
{
    private readonly string _title;
    private readonly ProgressTask? _task;
    private readonly TextWriter? _lines;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastDecile = -1;
    private TimeSpan _lastPrinted;
    private bool _finalPrinted;
    private string _lastLine = "";

    public CliProgress(string title, ProgressTask? task, TextWriter? lines)
    {
        _title = title;
        _task = task;
        _lines = lines;
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> units; <paramref name="status"/> is shown beside the bar.</summary>
    public void Report(long done, long total, string status = "")
    {
        double fraction = total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 0;
        if (_task is not null)
        {
            _task.Description = Markup.Escape(status.Length == 0 ? _title : $"{_title}: {status}");
            _task.MaxValue = Math.Max(1, total);
            _task.Value = Math.Min(done, total);
            return;
        }
        int decile = (int)Math.Floor(fraction * 10);
        _lastLine = string.Create(CultureInfo.InvariantCulture,
            $"  {_title}: {done}/{total} ({fraction * 100:F0} %, {_clock.Elapsed.TotalSeconds:F0} s){(status.Length > 0 ? ", " + status : "")}");
        // A line per tenth of the work, but not more than one every 2 s, and always the last one.
        bool last = done >= total;
        if (last ? _finalPrinted : decile == _lastDecile || _clock.Elapsed - _lastPrinted < TimeSpan.FromSeconds(2)) return;
        _lastDecile = decile;
        _lastPrinted = _clock.Elapsed;
        _finalPrinted = last;
        _lines?.WriteLine(_lastLine);
    }

    /// <summary>A line that must be shown even between deciles (e.g. a validation result).</summary>
    public void Note(string line)
    {
        if (_task is not null) AnsiConsole.MarkupLine(Markup.Escape("  " + line));
        else _lines?.WriteLine("  " + line);
    }

    public void Finish()
    {
        if (_task is not null) _task.Value = _task.MaxValue;
        else if (!_finalPrinted && _lastLine.Length > 0) _lines?.WriteLine(_lastLine);
    }
}
