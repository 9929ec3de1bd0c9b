using ScottPlot;

namespace FgClep.Plots;

/// <summary>Square similarity matrix drawn as a labelled heatmap with a colour bar (row 0 at the top).</summary>
internal static class SimilarityHeatmapFigure
{
    /// <summary>Cells are annotated with their value up to this size; beyond it the numbers would not fit.</summary>
    private const int MaxAnnotatedSize = 12;

    /// <summary>Beyond this many rows only every k-th row and column is labelled.</summary>
    private const int MaxTickLabels = 40;

    /// <summary>Cosine similarity matrix of <paramref name="embeddings"/>.</summary>
    public static double[,] Cosine(IReadOnlyList<float[]> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        int n = embeddings.Count;
        if (n == 0) throw new ArgumentException("The similarity heatmap needs at least one embedding.", nameof(embeddings));
        int width = embeddings[0]?.Length ?? throw new ArgumentException("Embedding 0 is null.", nameof(embeddings));
        var norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            var e = embeddings[i] ?? throw new ArgumentException($"Embedding {i} is null.", nameof(embeddings));
            if (e.Length != width)
                throw new ArgumentException($"Embedding {i} has {e.Length} values; expected {width} like embedding 0.", nameof(embeddings));
            double sum = 0;
            for (int k = 0; k < width; k++)
            {
                if (!float.IsFinite(e[k])) throw new ArgumentException($"Embedding {i} value {k} is {e[k]}; expected a finite number.", nameof(embeddings));
                sum += (double)e[k] * e[k];
            }
            norms[i] = Math.Sqrt(sum);
            if (norms[i] == 0) throw new ArgumentException($"Embedding {i} is all zeros; its cosine similarity is undefined.", nameof(embeddings));
        }

        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < width; k++) dot += (double)embeddings[i][k] * embeddings[j][k];
                s[i, j] = s[j, i] = Math.Clamp(dot / (norms[i] * norms[j]), -1, 1);
            }
        return s;
    }

    public static EcgFigure Build(double[,] similarity, IReadOnlyList<string?> labels, string title, string colorBarLabel)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        ArgumentNullException.ThrowIfNull(labels);
        int n = similarity.GetLength(0);
        if (n == 0) throw new ArgumentException("The similarity matrix is empty.", nameof(similarity));
        if (similarity.GetLength(1) != n)
            throw new ArgumentException($"The similarity matrix is {n} × {similarity.GetLength(1)}; expected a square matrix.", nameof(similarity));
        if (labels.Count != n) throw new ArgumentException($"Got {labels.Count} labels for a {n} × {n} matrix.", nameof(labels));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (!double.IsFinite(similarity[i, j]))
                    throw new ArgumentException($"Similarity [{i}, {j}] is {similarity[i, j]}; expected a finite number.", nameof(similarity));

        var plot = PlotFonts.NewPlot();
        var heatmap = plot.Add.Heatmap(similarity);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Rectangles keep SVG output vector (one rect per cell) instead of an embedded bitmap.
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        var range = ValueRange(similarity);
        heatmap.ManualRange = range;
        plot.Add.ColorBar(heatmap).Label = colorBarLabel;

        var names = labels.Select(PlotStyle.Label).ToArray();
        int every = (n + MaxTickLabels - 1) / MaxTickLabels;
        var shown = Enumerable.Range(0, n).Where(i => i % every == 0).ToArray();
        // The heatmap draws row 0 at the top, at y = n − 1.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            shown.Select(i => (double)(n - 1 - i)).ToArray(), shown.Select(i => names[i]).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            shown.Select(i => (double)i).ToArray(), shown.Select(i => names[i]).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Rotated labels are not measured by the axis; reserve room for the longest one (about half an em per character).
        int longest = shown.Max(i => names[i].Length);
        plot.Axes.Bottom.MinimumSize = (float)(longest * 12 * 0.5 * Math.Sin(Math.PI / 4) + 30);
        plot.Axes.Margins(0, 0);
        plot.HideGrid();

        if (n <= MaxAnnotatedSize) Annotate(plot, similarity, range);
        plot.Title(title);
        int side = Math.Clamp(300 + 40 * n, 600, 1600);
        return new EcgFigure(plot, side + 150, side);
    }

    private static ScottPlot.Range ValueRange(double[,] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        // A constant matrix has no spread to map onto the colours; centre it in a unit-wide range.
        return min == max ? new ScottPlot.Range(min - 0.5, max + 0.5) : new ScottPlot.Range(min, max);
    }

    private static void Annotate(Plot plot, double[,] values, ScottPlot.Range range)
    {
        int n = values.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                // Adding 0.0 after rounding turns −0 into 0, so tiny negative values do not print as "-0.00".
                var text = plot.Add.Text(PlotStyle.Number(Math.Round(values[i, j], 2) + 0.0, "0.00"), j, n - 1 - i);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 11;
                // Viridis is light at its top end: dark text there, light text on the dark end.
                double t = (values[i, j] - range.Min) / (range.Max - range.Min);
                text.LabelFontColor = t > 0.6 ? Colors.Black : Colors.White;
            }
    }
}
