using System.Globalization;

namespace FgClep.Evaluation;

/// <summary>A column of a <see cref="MetricsTable"/>: a task, and for linear probing the fraction of training labels used.</summary>
/// <param name="Task">The task, e.g. <c>PTB-XL super</c>.</param>
/// <param name="Fraction">Share of the training labels in (0, 1] (linear probe), or null.</param>
public sealed record MetricsTableColumn(string Task, double? Fraction)
{
    /// <summary>The header text: the task, followed by the fraction as a percentage when there is one, e.g. <c>PTB-XL super (1%)</c>.</summary>
    public string Label => Fraction is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"{Task} ({f * 100:0.##}%)")
        : Task;
}
