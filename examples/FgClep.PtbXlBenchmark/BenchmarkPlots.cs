using FgClep.Data;
using FgClep.Evaluation;
using FgClep.Modeling;
using FgClep.Plots;
using FgClep.Training;

namespace FgClep.PtbXlBenchmark;

/// <summary>The benchmark's figures (PNG + SVG): t-SNE of test ECG embeddings, report similarity heatmap, ROC curves, loss curve.</summary>
internal static class BenchmarkPlots
{
    public static void Write(string directory, FgClepModel model, IReadOnlyList<PtbXlItem> test, PtbXlDatabase database,
        IReadOnlyList<TrainingProgress> curve, TextWriter log)
    {
        var embeddings = model.EmbedSignals(test.Select(i => i.Signal).ToList());
        var superLabels = test.Select(i => i.Labels[PtbXlTask.Super].FirstOrDefault() ?? "").ToList();
        Save(EcgPlots.TsneScatter(embeddings, superLabels), directory, "tsne-super");

        var batch = test.Where(i => !string.IsNullOrWhiteSpace(i.Report)).Take(12).ToList();
        var textEmbeddings = model.EmbedTexts(batch.Select(i => i.Report).ToList());
        Save(EcgPlots.SimilarityHeatmap(textEmbeddings, batch.Select(i => i.Report).ToList()), directory, "report-similarity");

        var classNames = database.ClassNames(PtbXlTask.Super);
        var classifier = new ZeroShotClassifier(model, PtbXlPrompts.Classes(database, PtbXlTask.Super));
        var scores = classifier.ScoreLogitsAll(embeddings);
        Save(EcgPlots.RocCurves(scores, ZeroShotEvaluation.LabelMatrix(test, PtbXlTask.Super, classNames), classNames), directory, "roc-super-zero-shot");

        Save(EcgPlots.TrainingLoss(curve), directory, "training-loss");
        log.WriteLine($"Plots written to {directory}");
    }

    private static void Save(EcgFigure figure, string directory, string stem)
    {
        using (figure)
        {
            figure.SavePng(Path.Combine(directory, stem + ".png"));
            figure.SaveSvg(Path.Combine(directory, stem + ".svg"));
        }
    }
}
