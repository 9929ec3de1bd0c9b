using System.Text.Json;
using System.Xml.Linq;

namespace FgClep.Tests.Cli;

// Pre-training seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class CliPlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void CreateModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("cli-plot");
        _model = CliTestRun.PretrainModel(Path.Combine(_dir, "run"));
    }

    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void DrawsEveryKindThatAppliesAsPngAndSvg()
    {
        var outDir = Path.Combine(_dir, "all");
        var (code, output, error) = CliTestRun.Run("plot", "-m", _model, "--synthetic", "60", "--split", "all", "--tsne-iterations", "300", "--out", outDir, "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        var figures = json.RootElement.GetProperty("figures").EnumerateArray().ToArray();
        // The training.json beside the model adds the loss curve.
        CollectionAssert.AreEqual(new[] { "tsne", "heatmap", "roc", "loss" }, figures.Select(f => f.GetProperty("kind").GetString()).ToArray());
        foreach (var figure in figures)
        {
            AssertPng(figure.GetProperty("png").GetString()!);
            AssertSvg(figure.GetProperty("svg").GetString()!);
        }
        StringAssert.Contains(figures[2].GetProperty("title").GetString(), "macro AUROC");
        Assert.AreEqual(0, json.RootElement.GetProperty("skipped").GetArrayLength());

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "plot.config.json")));
        Assert.AreEqual(60, config.RootElement.GetProperty("synthetic").GetInt32());
        Assert.AreEqual(300, config.RootElement.GetProperty("tsne-iterations").GetInt32());
    }

    [TestMethod]
    public void LossCurveNeedsOnlyTheTrainingFile()
    {
        var outDir = Path.Combine(_dir, "loss");
        var training = Path.Combine(Path.GetDirectoryName(_model)!, "training.json");
        var (code, output, error) = CliTestRun.Run("plot", "--training", training, "--kind", "loss", "--out", outDir, "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual(1, json.RootElement.GetProperty("figures").GetArrayLength());
        AssertPng(Path.Combine(outDir, "loss.png"));
        AssertSvg(Path.Combine(outDir, "loss.svg"));
        Assert.IsFalse(File.Exists(Path.Combine(outDir, "tsne.png")));
    }

    [TestMethod]
    public void SelectedKindsOnly()
    {
        var outDir = Path.Combine(_dir, "some");
        var (code, _, error) = CliTestRun.Run("plot", "-m", _model, "--synthetic", "60", "--kind", "heatmap", "tsne", "--heatmap-reports", "3", "--out", outDir, "--quiet");
        Assert.AreEqual(0, code, error);
        CollectionAssert.AreEquivalent(new[] { "heatmap.png", "heatmap.svg", "plot.config.json", "tsne.png", "tsne.svg" },
            Directory.GetFiles(outDir).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void RocWithoutPositivesAndNegativesIsBadInputWhenAskedForAndSkippedOtherwise()
    {
        var (code, _, error) = CliTestRun.Run("plot", "-m", _model, "--synthetic", "60", "--max-records", "1", "--kind", "roc", "--out", Path.Combine(_dir, "roc"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "no class has both positive and negative");

        var outDir = Path.Combine(_dir, "skip");
        string output;
        (code, output, error) = CliTestRun.Run("plot", "-m", _model, "--synthetic", "60", "--max-records", "1", "--tsne-iterations", "10", "--out", outDir, "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("roc", json.RootElement.GetProperty("skipped")[0].GetProperty("kind").GetString());
        Assert.IsFalse(File.Exists(Path.Combine(outDir, "roc.png")));
        Assert.IsTrue(File.Exists(Path.Combine(outDir, "heatmap.png")));
    }

    [TestMethod]
    [DataRow("--kind pie", false)]
    [DataRow("--kind tsne", false)]
    [DataRow("--kind loss --training missing.json", false)]
    [DataRow("--font missing.ttf", true)]
    [DataRow("--font {training}", true)]
    [DataRow("--tsne-points 1", true)]
    public void BadFlagsAreBadInput(string flags, bool withModel)
    {
        // --kind tsne without --model; --kind loss with a training file that does not exist.
        // --font with a file that is not a font (the training.json).
        var training = Path.Combine(Path.GetDirectoryName(_model)!, "training.json");
        var args = new[] { "plot", "--out", Path.Combine(_dir, "bad"), "--synthetic", "60" }.Concat(flags.Replace("{training}", training, StringComparison.Ordinal).Split(' '));
        if (withModel) args = args.Concat(["-m", _model]);
        var (code, _, error) = CliTestRun.Run(args.ToArray());
        Assert.AreEqual(2, code, error);
        StringAssert.StartsWith(error, "error: ");
    }

    [TestMethod]
    public void MalformedTrainingFileAndNothingToPlotAreBadInput()
    {
        var bad = Path.Combine(_dir, "bad-training.json");
        File.WriteAllText(bad, "{\"steps\": 3}");
        var (code, _, error) = CliTestRun.Run("plot", "--training", bad, "--out", Path.Combine(_dir, "bad"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "no \"losses\" list");

        (code, _, error) = CliTestRun.Run("plot", "--out", Path.Combine(_dir, "bad"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "nothing to plot");
    }

    [TestMethod]
    public void ABadTrainingFileBesideTheModelIsSkippedUnlessAskedFor()
    {
        var run = Directory.CreateDirectory(Path.Combine(_dir, "copied-run")).FullName;
        var model = Path.Combine(run, "model.fgclep");
        File.Copy(_model, model, overwrite: true);
        File.WriteAllText(Path.Combine(run, "training.json"), "{\"losses\": []}");

        var (code, output, error) = CliTestRun.Run("plot", "-m", model, "--synthetic", "60", "--tsne-iterations", "10", "--out", Path.Combine(_dir, "copied-plots"), "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("loss", json.RootElement.GetProperty("skipped")[0].GetProperty("kind").GetString());
        Assert.AreEqual(3, json.RootElement.GetProperty("figures").GetArrayLength());
        StringAssert.Contains(error, "warning: skipping the loss curve");

        (code, _, error) = CliTestRun.Run("plot", "-m", model, "--synthetic", "60", "--kind", "loss", "--out", Path.Combine(_dir, "copied-plots"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "\"losses\" list is empty");
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.IsGreaterThan(1000, bytes.Length, path);
        CollectionAssert.AreEqual(PngSignature, bytes.Take(8).ToArray(), path);
    }

    private static void AssertSvg(string path)
    {
        var root = XDocument.Load(path).Root!;
        Assert.AreEqual("svg", root.Name.LocalName, path);
        Assert.IsTrue(root.Descendants().Any(e => e.Name.LocalName == "text"), $"{path} has no text");
    }
}
