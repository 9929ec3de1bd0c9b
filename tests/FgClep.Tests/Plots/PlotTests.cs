using System.Buffers.Binary;
using System.Xml.Linq;
using FgClep.Evaluation;
using FgClep.Plots;
using FgClep.Training;

namespace FgClep.Tests.Plots;

[TestClass]
public sealed class PlotTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("fgclep-plots-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>Saves both formats, checks the PNG header and size and that the SVG is XML; returns the SVG's text elements.</summary>
    internal static List<string> SaveBoth(EcgFigure figure, string dir, string name)
    {
        string png = Path.Combine(dir, name + ".png"), svg = Path.Combine(dir, name + ".svg");
        figure.SavePng(png);
        figure.SaveSvg(svg);

        var bytes = File.ReadAllBytes(png);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.AreEqual("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.AreEqual(figure.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.AreEqual(figure.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.IsGreaterThan(5_000, bytes.Length, "a drawn figure, not a blank image");

        var doc = XDocument.Load(svg);
        Assert.AreEqual("svg", doc.Root!.Name.LocalName);
        return doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
    }

    internal static int CountElements(string svg, string localName) =>
        XDocument.Parse(svg).Descendants().Count(e => e.Name.LocalName == localName);

    [TestMethod]
    public void TsneScatterShowsOneLegendEntryPerLabel()
    {
        var rng = new Random(1);
        var embeddings = new List<float[]>();
        var labels = new List<string?>();
        string[] classes = ["NORM", "MI", "STTC"];
        for (int i = 0; i < 45; i++)
        {
            int c = i % 3;
            embeddings.Add(Enumerable.Range(0, 16).Select(k => (float)((k == c ? 6 : 0) + rng.NextDouble())).ToArray());
            labels.Add(classes[c]);
        }
        using var figure = EcgPlots.TsneScatter(embeddings, labels, new TsneOptions { Iterations = 150, ExaggerationIterations = 50 });
        var texts = SaveBoth(figure, _dir, "tsne");

        CollectionAssert.Contains(texts, "t-SNE of ECG embeddings");
        CollectionAssert.Contains(texts, "t-SNE 1");
        CollectionAssert.Contains(texts, "t-SNE 2");
        foreach (var c in classes) CollectionAssert.Contains(texts, $"{c} (n=15)");
    }

    [TestMethod]
    public void HeatmapLabelsRowsAndColumnsAndWritesCellValues()
    {
        // Two reports that say nearly the same thing (the false negatives of the paper's Figure 6) and one that does not.
        var embeddings = new List<float[]> { new float[] { 1, 0, 0 }, new float[] { 0.96f, 0.28f, 0 }, new float[] { 0, 0, 1 } };
        string[] labels = ["sinus rhythm, normal ECG", "normal sinus rhythm", "atrial fibrillation"];
        using var figure = EcgPlots.SimilarityHeatmap(embeddings, labels);
        var texts = SaveBoth(figure, _dir, "heatmap");

        CollectionAssert.Contains(texts, "Report–report semantic similarity");
        CollectionAssert.Contains(texts, "Cosine similarity");
        foreach (var label in labels) Assert.AreEqual(2, texts.Count(t => t == label), $"'{label}' labels a row and a column");
        Assert.AreEqual(3, texts.Count(t => t == "1.00"), "the diagonal");
        Assert.AreEqual(2, texts.Count(t => t == "0.96"));
        Assert.AreEqual(4, texts.Count(t => t == "0.00"));
        Assert.IsGreaterThanOrEqualTo(9, CountElements(figure.ToSvg(), "rect"), "one vector rectangle per cell");
    }

    [TestMethod]
    public void CosineMatrixMatchesDefinition()
    {
        var s = SimilarityHeatmapFigure.Cosine([new float[] { 3, 4 }, new float[] { 4, 3 }, new float[] { -3, -4 }]);
        Assert.AreEqual(1, s[0, 0], 1e-12);
        Assert.AreEqual(24.0 / 25, s[0, 1], 1e-12);
        Assert.AreEqual(s[0, 1], s[1, 0]);
        Assert.AreEqual(-1, s[0, 2], 1e-12);
    }

    [TestMethod]
    public void RocCurvesListEachClassWithItsAuroc()
    {
        // Class "perfect" separates exactly, "noisy" partly, "constant" has one score for all samples.
        var rng = new Random(2);
        int samples = 40;
        var scores = new float[samples * 3];
        var labels = new float[samples * 3];
        for (int i = 0; i < samples; i++)
        {
            bool positive = i % 2 == 0;
            labels[i * 3] = labels[i * 3 + 1] = labels[i * 3 + 2] = positive ? 1 : 0;
            scores[i * 3] = positive ? 0.9f : 0.1f;
            scores[i * 3 + 1] = (float)(rng.NextDouble() + (positive ? 0.3 : 0));
            scores[i * 3 + 2] = 0.5f;
        }
        string[] names = ["perfect", "noisy", "constant"];
        using var figure = EcgPlots.RocCurves(scores, labels, names);
        var texts = SaveBoth(figure, _dir, "roc");

        var macro = RocAuc.ComputeMacro(scores, labels, 3);
        string noisy = macro.PerClass[1].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        CollectionAssert.Contains(texts, "perfect (AUROC 1.000)");
        CollectionAssert.Contains(texts, $"noisy (AUROC {noisy})");
        CollectionAssert.Contains(texts, "constant (AUROC 0.500)");
        CollectionAssert.Contains(texts, "chance (AUROC 0.500)");
        CollectionAssert.Contains(texts, $"ROC curves (macro AUROC {macro.Macro.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)})");
        CollectionAssert.Contains(texts, "False positive rate (1 − specificity)");
        CollectionAssert.Contains(texts, "True positive rate (sensitivity)");
    }

    [TestMethod]
    public void RocPointsRunFromOriginToOneAndTheirAreaIsTheAuroc()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 30; trial++)
        {
            int n = rng.Next(2, 50);
            var s = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 4)).ToArray(); // many ties
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
            if (y.All(v => v) || y.All(v => !v)) continue;
            var (fpr, tpr) = RocCurve.Points(s, y);
            Assert.AreEqual(0, fpr[0]);
            Assert.AreEqual(0, tpr[0]);
            Assert.AreEqual(1, fpr[^1], 1e-12);
            Assert.AreEqual(1, tpr[^1], 1e-12);
            double area = 0;
            for (int k = 1; k < fpr.Length; k++)
            {
                Assert.IsGreaterThanOrEqualTo(fpr[k - 1], fpr[k]);
                Assert.IsGreaterThanOrEqualTo(tpr[k - 1], tpr[k]);
                area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
            }
            Assert.AreEqual(RocAuc.Compute(s, y), area, 1e-12);
        }
    }

    [TestMethod]
    public void LossCurveShowsStepsAndValidation()
    {
        var progress = new List<TrainingProgress>();
        for (int step = 1; step <= 30; step++)
        {
            bool epochEnd = step % 10 == 0;
            var validation = epochEnd ? new ValidationResult(step / 10 - 1, 2.0 - step / 30.0, 0.6 + step / 100.0) : null;
            progress.Add(new TrainingProgress(step / 11, 3, step, 30, 3.0 - step / 15.0, 3.0 - step / 15.0, 0, 1e-4, 100, TimeSpan.Zero, validation));
        }
        using var figure = EcgPlots.TrainingLoss(progress);
        var texts = SaveBoth(figure, _dir, "loss");

        CollectionAssert.Contains(texts, "Training loss");
        CollectionAssert.Contains(texts, "Optimiser step");
        CollectionAssert.Contains(texts, "Loss");
        CollectionAssert.Contains(texts, "training loss");
        CollectionAssert.Contains(texts, "validation loss (per epoch)");
        CollectionAssert.Contains(texts, "validation zero-shot macro AUROC (right axis)");
        CollectionAssert.Contains(texts, "Zero-shot macro AUROC");
    }

    [TestMethod]
    public void LossCurveFromPlainLossesHasNoValidationSeries()
    {
        using var figure = EcgPlots.TrainingLoss(Enumerable.Range(0, 50).Select(i => Math.Exp(-i / 10.0)).ToList(), "Stage 1");
        var texts = SaveBoth(figure, _dir, "plain-loss");
        CollectionAssert.Contains(texts, "Stage 1");
        CollectionAssert.Contains(texts, "training loss");
        Assert.IsFalse(texts.Any(t => t.StartsWith("validation", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void SaveChoosesTheFormatFromTheExtensionAndSizeIsAdjustable()
    {
        using var figure = EcgPlots.TrainingLoss([3.0, 2.0, 1.5]);
        figure.Width = 400;
        figure.Height = 300;
        string png = Path.Combine(_dir, "a.PNG"), svg = Path.Combine(_dir, "b.svg");
        figure.Save(png);
        figure.Save(svg);
        Assert.AreEqual(0x89, File.ReadAllBytes(png)[0]);
        Assert.AreEqual(400, BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(png).AsSpan(16)));
        Assert.AreEqual("400", XDocument.Load(svg).Root!.Attribute("width")!.Value);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => figure.Width = 10);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => figure.Height = EcgFigure.MaxPixels + 1);
    }
}
