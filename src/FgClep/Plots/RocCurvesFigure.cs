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

        var plot = new Plot();
        var s = new float[samples];
        var y = new bool[samples];
        var defined = new List<double>();
        var undefined = new List<string>();
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < samples; i++) { s[i] = scores[i * classes + c]; y[i] = labels[i * classes + c] == 1f; }
            string name = PlotStyle.Label(classNames[c]);
            double auroc = RocAuc.Compute(s, y);
            if (double.IsNaN(auroc))
            {
                undefined.Add(name);
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{name} (AUROC undefined: {(y.Any(v => v) ? "no negatives" : "no positives")})",
                    LineColor = Colors.Gray,
                    LinePattern = LinePattern.Dotted,
                    LineWidth = 1,
                });
                continue;
            }
            defined.Add(auroc);
            var (fpr, tpr) = RocCurve.Points(s, y);
            var curve = plot.Add.ScatterLine(fpr, tpr, PlotStyle.Category(c, classes));
            curve.LineWidth = 2;
            curve.LegendText = $"{name} (AUROC {PlotStyle.Number(auroc)})";
        }
        if (defined.Count == 0)
            throw new ArgumentException(
                $"No class has both positive and negative samples, so no ROC curve is defined (classes: {string.Join(", ", undefined)}).",
                nameof(labels));

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
