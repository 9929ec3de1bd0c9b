using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FgClep.Evaluation;

/// <summary>
/// A results table: one row per model variant, one column per task (or, for linear probing, per task × label fraction),
/// written as Markdown, CSV or JSON. Values are fractions in [0, 1] written as percentages with two decimals (<c>79.28</c>),
/// with an optional confidence interval (<c>79.28 [78.10, 80.44]</c>).
/// </summary>
public sealed class MetricsTable
{
    private readonly List<MetricsTableColumn> _columns;
    private readonly List<string> _models = new();
    private readonly Dictionary<(string Model, MetricsTableColumn Column), MetricsTableCell> _cells = new();

    /// <summary>A table with one column per task.</summary>
    /// <param name="metric">What the values are, e.g. <c>Macro AUROC</c>.</param>
    /// <param name="tasks">The column tasks, in order; names must be distinct.</param>
    public MetricsTable(string metric, IEnumerable<string> tasks)
        : this(metric, (tasks ?? throw new ArgumentNullException(nameof(tasks))).Select(t => new MetricsTableColumn(t, null)))
    {
    }

    private MetricsTable(string metric, IEnumerable<MetricsTableColumn> columns)
    {
        if (string.IsNullOrWhiteSpace(metric)) throw new ArgumentException("Name the metric.", nameof(metric));
        Metric = metric;
        _columns = columns.ToList();
        if (_columns.Count == 0) throw new ArgumentException("Give at least one task.", nameof(columns));
        foreach (var c in _columns)
        {
            if (string.IsNullOrWhiteSpace(c.Task)) throw new ArgumentException("Task names must not be empty.", nameof(columns));
            if (c.Fraction is { } f && !(f > 0 && f <= 1))
                throw new ArgumentOutOfRangeException(nameof(columns), f, $"Label fraction of task '{c.Task}' must lie in (0, 1].");
        }
        var duplicate = _columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key.Label}' appears twice.", nameof(columns));
    }

    /// <summary>The linear-probe layout: for each task, one column per label fraction (default 1 %, 10 % and 100 %).</summary>
    /// <param name="metric">What the values are, e.g. <c>Macro AUROC</c>.</param>
    /// <param name="tasks">The tasks, in order.</param>
    /// <param name="fractions">Label fractions in (0, 1], in order; default 0.01, 0.1, 1.</param>
    /// <returns>An empty table.</returns>
    public static MetricsTable LinearProbe(string metric, IEnumerable<string> tasks, IEnumerable<double>? fractions = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var f = (fractions ?? [0.01, 0.1, 1.0]).ToArray();
        if (f.Length == 0) throw new ArgumentException("Give at least one label fraction.", nameof(fractions));
        return new MetricsTable(metric, tasks.SelectMany(t => f.Select(x => new MetricsTableColumn(t, x))));
    }

    /// <summary>What the values are.</summary>
    public string Metric { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<MetricsTableColumn> Columns => _columns;

    /// <summary>The model variants (rows), in the order they were first set.</summary>
    public IReadOnlyList<string> Models => _models;

    /// <summary>Sets a value (a fraction in [0, 1], NaN for undefined) with an optional interval; adds the model row if new.</summary>
    /// <param name="model">The row.</param>
    /// <param name="task">The column's task.</param>
    /// <param name="value">The metric in [0, 1], e.g. 0.7928 for 79.28 %.</param>
    /// <param name="lower">Lower interval bound in [0, 1] (give both bounds or neither).</param>
    /// <param name="upper">Upper interval bound in [0, 1].</param>
    /// <param name="fraction">The label fraction of a linear-probe column; null for a plain task column.</param>
    /// <exception cref="ArgumentException">Unknown column, a value outside [0, 1], one bound only, or lower &gt; upper.</exception>
    public void Set(string model, string task, double value, double? lower = null, double? upper = null, double? fraction = null)
    {
        if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("Name the model.", nameof(model));
        var column = Find(task, fraction);
        CheckUnit(value, nameof(value), allowNaN: true);
        if (lower.HasValue != upper.HasValue) throw new ArgumentException("Give both interval bounds or neither.", lower.HasValue ? nameof(upper) : nameof(lower));
        if (lower is { } lo && upper is { } hi && !double.IsNaN(lo) && !double.IsNaN(hi))
        {
            CheckUnit(lo, nameof(lower), allowNaN: false);
            CheckUnit(hi, nameof(upper), allowNaN: false);
            if (lo > hi) throw new ArgumentException($"Interval lower bound {lo} exceeds its upper bound {hi}.", nameof(lower));
        }
        if (!_models.Contains(model)) _models.Add(model);
        _cells[(model, column)] = new MetricsTableCell(value, lower, upper);
    }

    /// <summary>Sets a value and its interval from <paramref name="interval"/> (estimate, lower, upper).</summary>
    /// <param name="model">The row.</param>
    /// <param name="task">The column's task.</param>
    /// <param name="interval">The estimate and its bounds, fractions in [0, 1].</param>
    /// <param name="fraction">The label fraction of a linear-probe column; null for a plain task column.</param>
    public void Set(string model, string task, ConfidenceInterval interval, double? fraction = null)
    {
        ArgumentNullException.ThrowIfNull(interval);
        Set(model, task, interval.Estimate, interval.Lower, interval.Upper, fraction);
    }

    /// <summary>The cell of <paramref name="model"/> and a column, or null when it was not set.</summary>
    public MetricsTableCell? Get(string model, string task, double? fraction = null) =>
        _cells.GetValueOrDefault((model, Find(task, fraction)));

    /// <summary>A GitHub-flavoured Markdown table; missing cells are <c>–</c>, undefined ones <c>n/a</c>.</summary>
    /// <param name="boldBest">Bold the highest value of each column (all ties at two decimals).</param>
    public string ToMarkdown(bool boldBest = false)
    {
        var sb = new StringBuilder();
        sb.Append("| Model |");
        foreach (var c in _columns) sb.Append(' ').Append(EscapeMarkdown(c.Label)).Append(" |");
        sb.Append('\n').Append("|---|");
        foreach (var _ in _columns) sb.Append("---:|");
        sb.Append('\n');
        var best = _columns.Select(c => _models.Select(m => Get(m, c)).Where(v => v is not null && !double.IsNaN(v.Value))
            .Select(v => Percent(v!.Value)).DefaultIfEmpty(double.NaN).Max()).ToArray();
        foreach (var model in _models)
        {
            sb.Append("| ").Append(EscapeMarkdown(model)).Append(" |");
            for (int i = 0; i < _columns.Count; i++)
            {
                var cell = Get(model, _columns[i]);
                string text = cell is null ? "–" : Format(cell);
                if (boldBest && cell is not null && !double.IsNaN(cell.Value) && Percent(cell.Value) == best[i]) text = $"**{text}**";
                sb.Append(' ').Append(text).Append(" |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// CSV (RFC 4180 quoting, LF line ends): a <c>Model</c> column, then one column per table column with the percentage,
    /// followed by <c>… lower</c> and <c>… upper</c> columns where any row of that column has an interval. Empty = not set or undefined.
    /// </summary>
    public string ToCsv()
    {
        var withInterval = _columns.Select(c => _models.Any(m => Get(m, c)?.HasInterval == true)).ToArray();
        var header = new List<string> { "Model" };
        for (int i = 0; i < _columns.Count; i++)
        {
            header.Add(_columns[i].Label);
            if (withInterval[i]) { header.Add(_columns[i].Label + " lower"); header.Add(_columns[i].Label + " upper"); }
        }
        var sb = new StringBuilder();
        sb.AppendJoin(',', header.Select(QuoteCsv)).Append('\n');
        foreach (var model in _models)
        {
            var fields = new List<string> { QuoteCsv(model) };
            for (int i = 0; i < _columns.Count; i++)
            {
                var cell = Get(model, _columns[i]);
                fields.Add(cell is null || double.IsNaN(cell.Value) ? "" : Number(cell.Value));
                if (!withInterval[i]) continue;
                bool has = cell?.HasInterval == true;
                fields.Add(has ? Number(cell!.Lower!.Value) : "");
                fields.Add(has ? Number(cell!.Upper!.Value) : "");
            }
            sb.AppendJoin(',', fields).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Indented JSON: <c>{"metric", "unit": "percent", "columns": [{"task", "fraction", "label"}], "rows": [{"model", "values":
    /// [{"value", "lower", "upper"} | null]}]}</c>, values as percentages rounded to two decimals (null when undefined).
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("metric", Metric);
            w.WriteString("unit", "percent");
            w.WriteStartArray("columns");
            foreach (var c in _columns)
            {
                w.WriteStartObject();
                w.WriteString("task", c.Task);
                if (c.Fraction is { } f) w.WriteNumber("fraction", f); else w.WriteNull("fraction");
                w.WriteString("label", c.Label);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var model in _models)
            {
                w.WriteStartObject();
                w.WriteString("model", model);
                w.WriteStartArray("values");
                foreach (var c in _columns)
                {
                    var cell = Get(model, c);
                    if (cell is null) { w.WriteNullValue(); continue; }
                    w.WriteStartObject();
                    WritePercent(w, "value", cell.Value);
                    if (cell.HasInterval)
                    {
                        WritePercent(w, "lower", cell.Lower!.Value);
                        WritePercent(w, "upper", cell.Upper!.Value);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the table to <paramref name="path"/> in the format its extension names: <c>.md</c>, <c>.csv</c> or <c>.json</c> (UTF-8).</summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".md" or ".markdown" => ToMarkdown(),
            ".csv" => ToCsv(),
            ".json" => ToJson(),
            var other => throw new ArgumentException($"Cannot tell the table format from extension '{other}' of '{path}'; use .md, .csv or .json.", nameof(path)),
        };
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private MetricsTableCell? Get(string model, MetricsTableColumn column) => _cells.GetValueOrDefault((model, column));

    private MetricsTableColumn Find(string task, double? fraction)
    {
        ArgumentNullException.ThrowIfNull(task);
        foreach (var c in _columns)
            if (c.Task == task && SameFraction(c.Fraction, fraction)) return c;
        throw new ArgumentException(
            $"No column '{new MetricsTableColumn(task, fraction).Label}'; the table has: {string.Join(", ", _columns.Select(c => c.Label))}.", nameof(task));
    }

    private static bool SameFraction(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-9;

    private static void CheckUnit(double value, string name, bool allowNaN)
    {
        if (double.IsNaN(value) ? !allowNaN : value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(name, value, "Metric values are fractions in [0, 1] (0.7928 is shown as 79.28).");
    }

    private static double Percent(double fraction) => Math.Round(fraction * 100, 2, MidpointRounding.AwayFromZero);

    private static string Number(double fraction) => Percent(fraction).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Format(MetricsTableCell cell)
    {
        if (double.IsNaN(cell.Value)) return "n/a";
        return cell.HasInterval ? $"{Number(cell.Value)} [{Number(cell.Lower!.Value)}, {Number(cell.Upper!.Value)}]" : Number(cell.Value);
    }

    private static void WritePercent(Utf8JsonWriter w, string name, double fraction)
    {
        if (double.IsNaN(fraction)) w.WriteNull(name); else w.WriteNumber(name, Percent(fraction));
    }

    private static string EscapeMarkdown(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private static string QuoteCsv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
