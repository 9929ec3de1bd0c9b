using FgClep.Evaluation;
using ScottPlot;

namespace FgClep.Plots;

/// <summary>One ROC curve per class with its AUROC in the legend, plus the chance diagonal.</summary>
internal static class RocCurvesFigure
{
    public static EcgFigure Build(float[] scores, float[] labels, IReadOnlyList<string> classNames, string? title)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        int classes = classNames.Count;
        if (classes == 0) throw new ArgumentException("ROC curves need at least one class name.", nameof(classNames));
        if (scores.Length != labels.Length || scores.Length % classes != 0)
            throw new ArgumentException($"Scores ({scores.Length}) and labels ({labels.Length}) must both be samples × {classes} classes, row-major.");
        int samples = scores.Length / classes;
        if (samples == 0) throw new ArgumentException("ROC curves need at least one sample.", nameof(scores));
        for (int k = 0; k < scores.Length; k++)
        {
            if (float.IsNaN(scores[k]))
                throw new ArgumentException($"Score of sample {k / classes}, class '{classNames[k % classes]}' is NaN.", nameof(scores));
            if (labels[k] is not (0f or 1f))
                throw new ArgumentException($"Label of sample {k / classes}, class '{classNames[k % classes]}' is {labels[k]}; expected 0 or 1.", nameof(labels));
        }

        var columns = new (string Name, float[] Scores, bool[] Labels, double Auroc)[classes];
        for (int c = 0; c < classes; c++)
        {
            var s = new float[samples];
            var y = new bool[samples];
            for (int i = 0; i < samples; i++) { s[i] = scores[i * classes + c]; y[i] = labels[i * classes + c] == 1f; }
            columns[c] = (PlotStyle.Label(classNames[c]), s, y, RocAuc.Compute(s, y));
        }
        var defined = columns.Where(col => !double.IsNaN(col.Auroc)).Select(col => col.Auroc).ToList();
        if (defined.Count == 0)
            throw new ArgumentException(
                $"No class has both positive and negative samples, so no ROC curve is defined (classes: {string.Join(", ", columns.Select(col => col.Name))}).",
                nameof(labels));

        var plot = PlotFonts.NewPlot();
        for (int c = 0; c < classes; c++)
        {
            var (name, s, y, auroc) = columns[c];
            if (double.IsNaN(auroc))
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{name} (AUROC undefined: {(y.Any(v => v) ? "no negatives" : "no positives")})",
                    LineColor = Colors.Gray,
                    LinePattern = LinePattern.Dotted,
                    LineWidth = 1,
                });
                continue;
            }
            var (fpr, tpr) = RocCurve.Points(s, y);
            var curve = plot.Add.ScatterLine(fpr, tpr, PlotStyle.Category(c, classes));
            curve.LineWidth = 2;
            curve.LegendText = $"{name} (AUROC {PlotStyle.Number(auroc)})";
        }

        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance (AUROC 0.500)";

        plot.Title(title ?? $"ROC curves (macro AUROC {PlotStyle.Number(defined.Average())})");
        plot.XLabel("False positive rate (1 − specificity)");
        plot.YLabel("True positive rate (sensitivity)");
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        if (classes <= 10) plot.ShowLegend(Alignment.LowerRight);
        else plot.ShowLegend(Edge.Right);
        return new EcgFigure(plot, classes <= 10 ? 750 : 1000, 700);
    }
}
