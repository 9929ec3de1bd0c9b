using FgClep.Datasets.PtbXl;
using FgClep.Inference;
using FgClep.Plots;
using FgClep.Training;

namespace FgClep.PtbXlBenchmark;

/// <summary>
/// The benchmark's figures (PNG + SVG): t-SNE of test ECG embeddings, the similarity heatmap of 16 normal and 16 abnormal
/// reports, ROC curves, loss curve.
/// </summary>
internal static class BenchmarkPlots
{
    public static void Write(string directory, ClepEncoder model, IReadOnlyList<PtbXlItem> test, PtbXlTaskDefinition super,
        IReadOnlyList<TrainingProgress> curve, TextWriter log)
    {
        var embeddings = model.EmbedSignals(test.Select(i => i.Signal).ToList());
        var superLabels = test.Select(i => i.Labels[PtbXlTask.Super].FirstOrDefault() ?? "").ToList();
        Save(EcgPlots.TsneScatter(embeddings, superLabels), directory, "tsne-super");

        // The paper's figure 6: 16 normal and 16 abnormal test reports (normal: the superclass NORM alone).
        bool Normal(PtbXlItem i) => i.Labels[PtbXlTask.Super] is [ "NORM" ];
        var withReport = test.Where(i => !string.IsNullOrWhiteSpace(i.Report)).ToList();
        var batch = withReport.Where(Normal).Take(16).Concat(withReport.Where(i => !Normal(i)).Take(16)).ToList();
        var textEmbeddings = model.EmbedTexts(batch.Select(i => i.Report).ToList());
        Save(EcgPlots.SimilarityHeatmap(textEmbeddings, batch.Select(i => i.Report).ToList()), directory, "report-similarity");

        var classNames = super.ClassNames;
        var classifier = new ZeroShotClassifier(model, super.Prompts());
        var scores = classifier.ScoreLogitsAll(embeddings);
        Save(EcgPlots.RocCurves(scores, PtbXlZeroShot.LabelMatrix(test, PtbXlTask.Super, classNames), classNames), directory, "roc-super-zero-shot");

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
