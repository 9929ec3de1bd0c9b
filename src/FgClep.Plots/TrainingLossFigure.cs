using FgClep.Training;
using ScottPlot;

namespace FgClep.Plots;

/// <summary>Training loss per optimiser step, with per-epoch validation loss and zero-shot AUROC when present.</summary>
internal static class TrainingLossFigure
{
    public static EcgFigure Build(IReadOnlyList<TrainingProgress> progress, string title)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Count == 0) throw new ArgumentException("The loss curve needs at least one training step.", nameof(progress));
        for (int i = 0; i < progress.Count; i++)
            if (progress[i] is null) throw new ArgumentException($"Progress report {i} is null.", nameof(progress));
        var steps = progress.Select(p => (double)p.Step).ToArray();
        var losses = progress.Select(p => p.Loss).ToArray();
        var validated = progress.Where(p => p.Validation is not null).ToArray();
        return Build(steps, losses, validated.Select(p => (double)p.Step).ToArray(),
            validated.Select(p => p.Validation!.Loss).ToArray(),
            validated.Select(p => p.Validation!.ZeroShotMacroAuroc ?? double.NaN).ToArray(), title);
    }

    public static EcgFigure Build(IReadOnlyList<double> stepLosses, string title)
    {
        ArgumentNullException.ThrowIfNull(stepLosses);
        if (stepLosses.Count == 0) throw new ArgumentException("The loss curve needs at least one training step.", nameof(stepLosses));
        return Build(Enumerable.Range(1, stepLosses.Count).Select(i => (double)i).ToArray(), stepLosses.ToArray(), [], [], [], title);
    }

    private static EcgFigure Build(double[] steps, double[] losses, double[] validationSteps, double[] validationLosses, double[] aurocs, string title)
    {
        var (x, y, omitted) = Finite(steps, losses);
        if (x.Length == 0) throw new ArgumentException($"All {losses.Length} training losses are NaN or infinite; there is nothing to plot.");
        var plot = PlotFonts.NewPlot();

        var training = plot.Add.ScatterLine(x, y, PlotStyle.Category(0, 3));
        training.LineWidth = 1.5f;
        training.LegendText = omitted == 0 ? "training loss" : $"training loss ({omitted} non-finite steps omitted)";
        if (x.Length == 1) training.MarkerSize = 7;

        var (vx, vy, _) = Finite(validationSteps, validationLosses);
        if (vx.Length > 0)
        {
            var validation = plot.Add.ScatterPoints(vx, vy, PlotStyle.Category(1, 3));
            validation.MarkerSize = 9;
            validation.MarkerShape = MarkerShape.FilledDiamond;
            validation.LegendText = "validation loss (per epoch)";
        }

        var (ax, ay, _) = Finite(validationSteps, aurocs);
        if (ax.Length > 0)
        {
            var auroc = plot.Add.Scatter(ax, ay, PlotStyle.Category(2, 3));
            auroc.MarkerSize = 8;
            auroc.LinePattern = LinePattern.Dashed;
            auroc.LegendText = "validation zero-shot macro AUROC (right axis)";
            auroc.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Zero-shot macro AUROC";
            plot.Axes.SetLimitsY(0, 1, plot.Axes.Right);
        }

        plot.Title(title);
        plot.XLabel("Optimiser step");
        plot.YLabel("Loss");
        plot.ShowLegend(Edge.Bottom);
        return new EcgFigure(plot, 900, 550);
    }

    private static (double[] X, double[] Y, int Omitted) Finite(double[] x, double[] y)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), x.Length - keep.Length);
    }
}
