using System.Globalization;

namespace FgClep.IO.Wfdb;

/// <summary>
/// A parsed WFDB header (<c>.hea</c>): the record line, one <see cref="WfdbSignalSpec"/> per signal and the comment lines.
/// PhysioNet Challenge headers keep demographics and diagnoses in comments (<c>#Age: 56</c>, <c>#Sex: Male</c>,
/// <c>#Dx: 426783006,164889003</c>); <see cref="Age"/>, <see cref="Sex"/> and <see cref="DiagnosisCodes"/> read them.
/// </summary>
public sealed class WfdbHeader
{
    /// <summary>Path of the header file this was parsed from (or the name given to the parser).</summary>
    public required string SourcePath { get; init; }

    /// <summary>Record name from the record line.</summary>
    public required string RecordName { get; init; }

    /// <summary>Number of signals.</summary>
    public int SignalCount => Signals.Count;

    /// <summary>Samples per second per signal; 250 when absent.</summary>
    public double SamplingFrequency { get; init; } = WfdbHeaderParser.DefaultFrequency;

    /// <summary>Counter frequency (ticks per second); equals <see cref="SamplingFrequency"/> when absent.</summary>
    public double CounterFrequency { get; init; }

    /// <summary>Counter value of the first sample; 0 when absent.</summary>
    public double BaseCounter { get; init; }

    /// <summary>Samples per signal, or null when the header leaves it out (then the signal file length decides).</summary>
    public long? SamplesPerSignal { get; init; }

    /// <summary>Time of day of the first sample as written (<c>HH:MM:SS</c>), or null.</summary>
    public string? BaseTime { get; init; }

    /// <summary>Date of the first sample as written (<c>DD/MM/YYYY</c>), or null.</summary>
    public string? BaseDate { get; init; }

    /// <summary>The signals, in header order.</summary>
    public required IReadOnlyList<WfdbSignalSpec> Signals { get; init; }

    /// <summary>Comment lines in file order, without the leading <c>#</c> and surrounding spaces.</summary>
    public IReadOnlyList<string> Comments { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The value of a <c>Key: value</c> comment (key compared case-insensitively), or null when there is none.
    /// </summary>
    public string? GetCommentValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (k, v) in CommentFields())
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    /// <summary>All <c>Key: value</c> comments, in file order.</summary>
    public IEnumerable<KeyValuePair<string, string>> CommentFields()
    {
        foreach (var comment in Comments)
        {
            int colon = comment.IndexOf(':');
            if (colon <= 0) continue;
            var key = comment[..colon].Trim();
            if (key.Length == 0 || key.Contains(' ')) continue;
            yield return new KeyValuePair<string, string>(key, comment[(colon + 1)..].Trim());
        }
    }

    /// <summary>Age from an <c>Age:</c> comment; null when absent, <c>NaN</c>, <c>Unknown</c> or not a number.</summary>
    public double? Age
    {
        get
        {
            var text = GetCommentValue("Age");
            return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var age)
                   && double.IsFinite(age) && age >= 0 ? age : null;
        }
    }

    /// <summary>Sex from a <c>Sex:</c> comment as written (e.g. <c>Male</c>); null when absent or unknown.</summary>
    public string? Sex
    {
        get
        {
            var text = GetCommentValue("Sex");
            return string.IsNullOrEmpty(text) || text.Equals("Unknown", StringComparison.OrdinalIgnoreCase)
                   || text.Equals("NaN", StringComparison.OrdinalIgnoreCase) ? null : text;
        }
    }

    /// <summary>Diagnosis codes from a <c>Dx:</c> comment (comma-separated, e.g. SNOMED-CT codes); empty when absent.</summary>
    public IReadOnlyList<string> DiagnosisCodes
        => (GetCommentValue("Dx") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
