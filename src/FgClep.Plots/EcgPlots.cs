using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.Training;

namespace FgClep.Plots;

/// <summary>
/// Figures for FG-CLEP runs: t-SNE of ECG embeddings, report–report similarity heatmaps, ROC curves and loss curves.
/// Each returns an <see cref="EcgFigure"/> to save as PNG or SVG. Bad input (mismatched lengths, NaN, a class without
/// positives and negatives everywhere) throws <see cref="ArgumentException"/> naming the offending item.
/// </summary>
public static class EcgPlots
{
    /// <summary>
    /// Runs <see cref="Tsne"/> on <paramref name="embeddings"/> (e.g. <see cref="FgClep.Inference.ClepEncoder.EmbedRecords"/>) and
    /// plots the 2-D result coloured by <paramref name="labels"/> (one per embedding; blank labels group as "(unlabelled)").
    /// </summary>
    public static EcgFigure TsneScatter(
        IReadOnlyList<float[]> embeddings, IReadOnlyList<string?> labels, TsneOptions? tsne = null,
        string title = "t-SNE of ECG embeddings", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != embeddings.Count)
            throw new ArgumentException($"Got {labels.Count} labels for {embeddings.Count} embeddings.", nameof(labels));
        if ((tsne?.Dimensions ?? 2) != 2)
            throw new ArgumentException($"The scatter plot is 2-D; TsneOptions.Dimensions is {tsne!.Dimensions}.", nameof(tsne));
        var points = Tsne.Embed(embeddings, tsne, cancellationToken);
        return ScatterFigure.Build(points, labels, title, "t-SNE 1", "t-SNE 2");
    }

    /// <summary>Scatter of precomputed 2-D <paramref name="points"/> coloured by <paramref name="labels"/>.</summary>
    public static EcgFigure Scatter(
        IReadOnlyList<double[]> points, IReadOnlyList<string?> labels, string title, string xLabel = "Dimension 1", string yLabel = "Dimension 2") =>
        ScatterFigure.Build(points, labels, title, xLabel, yLabel);

    /// <summary>
    /// Heatmap of the cosine similarities between the report embeddings of a batch (e.g. <see cref="FgClep.Inference.ClepEncoder.EmbedTexts"/>),
    /// with <paramref name="labels"/> naming rows and columns (long labels are shortened). Values are written into the cells up to 12 × 12.
    /// </summary>
    public static EcgFigure SimilarityHeatmap(
        IReadOnlyList<float[]> reportEmbeddings, IReadOnlyList<string?> labels, string title = "Report–report semantic similarity") =>
        SimilarityHeatmapFigure.Build(SimilarityHeatmapFigure.Cosine(reportEmbeddings), labels, title, "Cosine similarity");

    /// <summary>Heatmap of a precomputed square <paramref name="similarity"/> matrix (row i, column j), with row/column <paramref name="labels"/>.</summary>
    public static EcgFigure SimilarityHeatmap(
        double[,] similarity, IReadOnlyList<string?> labels, string title = "Report–report semantic similarity", string valueLabel = "Similarity") =>
        SimilarityHeatmapFigure.Build(similarity, labels, title, valueLabel);

    /// <summary>
    /// One ROC curve per class from a score matrix and a 0/1 label matrix, both [samples, classes] row-major as for
    /// <see cref="FgClep.Evaluation.RocAuc.ComputeMacro"/>. The legend gives each class's AUROC; classes without both positives and
    /// negatives are listed as undefined. The default title carries the macro AUROC over the defined classes.
    /// </summary>
    public static EcgFigure RocCurves(float[] scores, float[] labels, IReadOnlyList<string> classNames, string? title = null) =>
        RocCurvesFigure.Build(scores, labels, classNames, title);

    /// <summary>
    /// Loss per optimiser step from <see cref="ClepTrainer"/> progress reports, with the validation loss and zero-shot macro
    /// AUROC (right axis) of the reports that carry a <see cref="TrainingProgress.Validation"/>. Non-finite losses are left out and counted in the legend.
    /// </summary>
    public static EcgFigure TrainingLoss(IReadOnlyList<TrainingProgress> progress, string title = "Training loss") =>
        TrainingLossFigure.Build(progress, title);

    /// <summary>Loss per optimiser step (step 1 first). Non-finite losses are left out and counted in the legend.</summary>
    public static EcgFigure TrainingLoss(IReadOnlyList<double> stepLosses, string title = "Training loss") =>
        TrainingLossFigure.Build(stepLosses, title);

    /// <summary>
    /// Draws the text of all figures made after this call with a font file (TrueType or OpenType) instead of an installed font;
    /// needed on machines without fonts, where making a figure otherwise throws <see cref="InvalidOperationException"/>.
    /// <paramref name="boldFontPath"/> is used for titles and axis labels (the regular file when null).
    /// </summary>
    public static void UseFontFile(string fontPath, string? boldFontPath = null) => PlotFonts.UseFiles(fontPath, boldFontPath);
}
