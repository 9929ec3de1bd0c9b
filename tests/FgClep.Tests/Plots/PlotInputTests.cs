using FgClep.Plots;
using FgClep.Training;

namespace FgClep.Tests.Plots;

[TestClass]
public sealed class PlotInputTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("fgclep-plot-input-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static EcgFigure SmallFigure() => EcgPlots.TrainingLoss([2.0, 1.0]);

    [TestMethod]
    public void OutputPathsAreCheckedBeforeWriting()
    {
        using var figure = SmallFigure();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => figure.SavePng(Path.Combine(_dir, "a.svg"))).Message,
            "must end in .png; found '.svg'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => figure.SaveSvg(Path.Combine(_dir, "a"))).Message,
            "must end in .svg; found no extension");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => figure.Save(Path.Combine(_dir, "a.jpg"))).Message,
            ".png or .svg");
        Assert.ThrowsExactly<ArgumentException>(() => figure.SavePng("  "));
        Assert.ThrowsExactly<ArgumentNullException>(() => figure.SavePng(null!));

        string missing = Path.Combine(_dir, "no-such-folder", "a.png");
        var notFound = Assert.ThrowsExactly<DirectoryNotFoundException>(() => figure.SavePng(missing));
        StringAssert.Contains(notFound.Message, Path.Combine(_dir, "no-such-folder"));
        Assert.IsFalse(File.Exists(missing));

        string folder = Directory.CreateDirectory(Path.Combine(_dir, "taken.png")).FullName;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => figure.SavePng(folder)).Message, "existing folder");
    }

    [TestMethod]
    public void ScatterWithOneClassIsAPlotAndBadPointsAreNamed()
    {
        using (var one = EcgPlots.Scatter([[0.0, 1.0], [2.0, 3.0]], ["NORM", "NORM"], "one class"))
            Assert.Contains("NORM (n=2)", one.ToSvg());
        using (var blank = EcgPlots.Scatter([[0.0, 1.0]], [null], "no label"))
            Assert.Contains("(unlabelled) (n=1)", blank.ToSvg());

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.Scatter([[0.0, 1.0], [double.NaN, 1.0]], ["a", "b"], "t")).Message,
            "Point 1 is (NaN, 1)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.Scatter([[0.0, 1.0, 2.0]], ["a"], "t")).Message,
            "expected 2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.Scatter([[0.0, 1.0]], ["a", "b"], "t")).Message,
            "2 labels for 1 points");
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.Scatter([], [], "t"));
        Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.TsneScatter([new float[] { 1 }], ["a"], new TsneOptions { Dimensions = 3 }));
    }

    [TestMethod]
    public void LongLabelsAreShortened()
    {
        string report = "sinus rhythm with first degree AV block and left anterior fascicular block";
        using var figure = EcgPlots.Scatter([[0.0, 0.0]], [report], "t");
        string svg = figure.ToSvg();
        Assert.DoesNotContain(report, svg);
        Assert.Contains(report[..(PlotStyle.MaxLabelLength - 1)] + "…", svg);
    }

    [TestMethod]
    public void HeatmapOfIdenticalOrSingleReportsStillRenders()
    {
        var same = Enumerable.Range(0, 4).Select(_ => new float[] { 1, 2, 3 }).ToList();
        using (var constant = EcgPlots.SimilarityHeatmap(same, ["a", "b", "c", "d"]))
            Assert.AreEqual(16, PlotTests.SaveBoth(constant, _dir, "constant").Count(t => t == "1.00"));
        using (var single = EcgPlots.SimilarityHeatmap([new float[] { 0.5f }], ["only"]))
            Assert.Contains("only", single.ToSvg());
        using (var nearZero = EcgPlots.SimilarityHeatmap(new double[,] { { 1, -0.001 }, { -0.001, 1 } }, ["a", "b"]))
        {
            var texts = PlotTests.SaveBoth(nearZero, _dir, "near-zero");
            Assert.AreEqual(2, texts.Count(t => t == "0.00"));
            CollectionAssert.DoesNotContain(texts, "-0.00");
        }
    }

    [TestMethod]
    public void HeatmapRejectsUndefinedSimilarities()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap([new float[] { 1, 0 }, new float[] { 0, 0 }], ["a", "b"])).Message, "Embedding 1 is all zeros");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap([new float[] { 1, float.NaN }], ["a"])).Message, "Embedding 0 value 1 is NaN");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap([new float[] { 1, 0 }, new float[] { 1 }], ["a", "b"])).Message, "Embedding 1 has 1 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap(new double[2, 3], ["a", "b"])).Message, "expected a square matrix");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap(new double[,] { { 1, double.NaN }, { 0, 1 } }, ["a", "b"])).Message, "Similarity [0, 1] is NaN");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            EcgPlots.SimilarityHeatmap(new double[2, 2], ["a"])).Message, "1 labels for a 2 × 2 matrix");
    }

    [TestMethod]
    public void LargeHeatmapLabelsEveryFewRowsAndSkipsCellValues()
    {
        var rng = new Random(3);
        var embeddings = Enumerable.Range(0, 90).Select(_ => new float[] { (float)rng.NextDouble(), (float)rng.NextDouble() + 0.1f }).ToList();
        var labels = Enumerable.Range(0, 90).Select(i => $"r{i}").ToList();
        using var figure = EcgPlots.SimilarityHeatmap(embeddings, labels);
        var texts = PlotTests.SaveBoth(figure, _dir, "large");
        CollectionAssert.Contains(texts, "r0");
        CollectionAssert.Contains(texts, "r3");
        CollectionAssert.DoesNotContain(texts, "r1");
        Assert.IsLessThan(200, texts.Count, "no per-cell numbers at this size (there would be 8100)");
    }

    [TestMethod]
    public void RocWithoutAnyDefinedClassOrWithNaNScoresExplainsWhy()
    {
        float[] scores = [0.2f, 0.4f, 0.6f];
        var none = Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.RocCurves(scores, [1, 1, 1], ["AFIB"]));
        StringAssert.Contains(none.Message, "No class has both positive and negative samples");
        StringAssert.Contains(none.Message, "AFIB");

        var nan = Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.RocCurves([0.1f, float.NaN, 0.3f, 0.4f], [0, 1, 1, 0], ["A", "B"]));
        StringAssert.Contains(nan.Message, "sample 0, class 'B' is NaN");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.RocCurves(scores, [0, 0.5f, 1], ["A"])).Message,
            "expected 0 or 1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.RocCurves(scores, [0, 1, 1], ["A", "B"])).Message,
            "samples × 2 classes");
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.RocCurves([], [], ["A"]));
    }

    [TestMethod]
    public void RocListsUndefinedClassesBesideDefinedOnes()
    {
        // Class A has both labels; class B has only negatives.
        float[] scores = [0.9f, 0.1f, 0.2f, 0.3f];
        float[] labels = [1, 0, 0, 0];
        using var figure = EcgPlots.RocCurves(scores, labels, ["A", "B"]);
        string svg = figure.ToSvg();
        Assert.Contains("A (AUROC 1.000)", svg);
        Assert.Contains("B (AUROC undefined: no positives)", svg);
        Assert.Contains("ROC curves (macro AUROC 1.000)", svg);
    }

    [TestMethod]
    public void LossCurveSkipsNonFiniteStepsOrRefusesWhenNothingIsLeft()
    {
        using (var figure = EcgPlots.TrainingLoss([2.0, double.NaN, 1.0, double.PositiveInfinity, 0.5]))
            Assert.Contains("training loss (2 non-finite steps omitted)", figure.ToSvg());
        using (var single = EcgPlots.TrainingLoss([1.0]))
            Assert.Contains("training loss", single.ToSvg());

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.TrainingLoss([double.NaN, double.NaN])).Message,
            "All 2 training losses are NaN or infinite");
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.TrainingLoss(Array.Empty<double>()));
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.TrainingLoss(Array.Empty<TrainingProgress>()));
    }

    [TestMethod]
    public void FontFilesAreCheckedBeforeTheyAreUsed()
    {
        string missing = Path.Combine(_dir, "missing.ttf");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => EcgPlots.UseFontFile(missing)).Message, missing);
        string notAFont = Path.Combine(_dir, "notes.ttf");
        File.WriteAllText(notAFont, "not a font");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.UseFontFile(notAFont)).Message, "not a font file");
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlots.UseFontFile(" "));
    }
}
