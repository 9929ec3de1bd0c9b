using System.Text;

namespace FgClep.Enrichment;

/// <summary>
/// Builds stage 2's fine-grained report: the original report followed by its verified waveform features, e.g.
/// <c>"Sinus rhythm. Left bundle branch block. Waveform features: wide QRS complex, QS complex in V1."</c>
/// </summary>
public static class FineGrainedReport
{
    /// <summary>The words that introduce the feature list.</summary>
    public const string FeaturesPrefix = "Waveform features: ";

    /// <summary>
    /// Appends <paramref name="verifiedFeatures"/> to <paramref name="report"/>: the report with trailing white space
    /// removed and a full stop added when it does not end in sentence punctuation, one space, <see cref="FeaturesPrefix"/>,
    /// the features joined by <c>", "</c> (by <c>"; "</c> when a feature itself contains a comma), and a full stop.
    /// Features are trimmed and lose trailing full stops and semicolons; empty ones are dropped. Without features the
    /// report is returned unchanged (the same string).
    /// </summary>
    /// <param name="report">The original report (null is treated as empty).</param>
    /// <param name="verifiedFeatures">The verified features, in the order to write them.</param>
    public static string Compose(string? report, IReadOnlyList<string>? verifiedFeatures)
    {
        report ??= "";
        var features = (verifiedFeatures ?? Array.Empty<string>())
            .Select(f => (f ?? "").Trim().TrimEnd('.', ';', ' ').Trim())
            .Where(f => f.Length > 0)
            .ToList();
        if (features.Count == 0) return report;

        var sb = new StringBuilder(report.Length + 32 + features.Sum(f => f.Length + 2));
        var head = report.TrimEnd();
        if (head.Length > 0)
        {
            sb.Append(head);
            if (head[^1] is not ('.' or '!' or '?')) sb.Append('.');
            sb.Append(' ');
        }
        sb.Append(FeaturesPrefix);
        sb.AppendJoin(features.Any(f => f.Contains(',')) ? "; " : ", ", features);
        sb.Append('.');
        return sb.ToString();
    }
}
