using ScottPlot;

namespace FgClep.Plots;

/// <summary>2-D scatter of points coloured by a categorical label, one legend entry per label.</summary>
internal static class ScatterFigure
{
    public static EcgFigure Build(IReadOnlyList<double[]> points, IReadOnlyList<string?> labels, string title, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Count == 0) throw new ArgumentException("The scatter plot needs at least one point.", nameof(points));
        if (labels.Count != points.Count)
            throw new ArgumentException($"Got {labels.Count} labels for {points.Count} points.", nameof(labels));
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i] ?? throw new ArgumentException($"Point {i} is null.", nameof(points));
            if (p.Length != 2) throw new ArgumentException($"Point {i} has {p.Length} coordinates; expected 2.", nameof(points));
            if (!double.IsFinite(p[0]) || !double.IsFinite(p[1]))
                throw new ArgumentException($"Point {i} is ({p[0]}, {p[1]}); coordinates must be finite.", nameof(points));
        }

        var groups = Enumerable.Range(0, points.Count)
            .GroupBy(i => PlotStyle.Label(labels[i]))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        var plot = PlotFonts.NewPlot();
        float markerSize = points.Count <= 500 ? 7 : points.Count <= 2000 ? 5 : 3;
        for (int k = 0; k < groups.Count; k++)
        {
            var members = groups[k].ToArray();
            var scatter = plot.Add.ScatterPoints(
                members.Select(i => points[i][0]).ToArray(), members.Select(i => points[i][1]).ToArray(),
                PlotStyle.Category(k, groups.Count));
            scatter.MarkerSize = markerSize;
            scatter.MarkerShape = PlotStyle.Shape(k);
            scatter.LegendText = $"{groups[k].Key} (n={members.Length})";
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        return new EcgFigure(plot, 900, 650);
    }
}
