using System.Globalization;
using System.Text.Json;

namespace FgClep.Tests.Cli;

/// <summary><c>fgclep pretrain --text-training frozen|finetune|top:N</c>: parsing, bad values (exit 2), the effective config and resume.</summary>
[TestClass]
[DoNotParallelize] // trains with torch's process-wide RNG
public sealed class CliTextTrainingTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = CliTestRun.TempDirectory("cli-text-training");

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static string[] Pretrain(string outDir, params string[] extra) =>
        ["pretrain", "--synthetic", CliTestRun.SyntheticCount.ToString(CultureInfo.InvariantCulture),
         "--epochs", "1", "--ecg-width", "8", "--validate", "false", "--out", outDir, .. extra];

    [TestMethod]
    [DataRow("bogus")]
    [DataRow("top:0")]
    [DataRow("top:-2")]
    [DataRow("top:two")]
    public void BadValuesExitWithTwoNamingOptionAndValue(string value)
    {
        var outDir = Path.Combine(_dir, "bad");
        var (code, _, error) = CliTestRun.Run(Pretrain(outDir, "--text-training", value));
        Assert.AreEqual(2, code, error);
        Assert.Contains("--text-training", error);
        Assert.Contains($"'{value}'", error);
        Assert.DoesNotContain("System.", error);
        Assert.IsFalse(Directory.Exists(outDir), "nothing is written");
    }

    [TestMethod]
    public void MoreTopLayersThanTheEncoderHasIsBadUsage()
    {
        var outDir = Path.Combine(_dir, "deep");
        var (code, _, error) = CliTestRun.Run(Pretrain(outDir, "--text-encoder", "random", "--text-training", "top:3")); // small-cpu's random BERT has 2 layers
        Assert.AreEqual(2, code, error);
        Assert.Contains("top:3", error);
        Assert.Contains("top:2", error);
        Assert.IsFalse(Directory.Exists(outDir), "nothing is written");
    }

    [TestMethod]
    public void FrozenTrainsIsWrittenToTheConfigAndAChangeRefusesToResume()
    {
        var outDir = Path.Combine(_dir, "frozen");
        var (code, output, error) = CliTestRun.Run(Pretrain(outDir, "--text-training", "FROZEN", "--stop-after-steps", "1"));
        Assert.AreEqual(0, code, error);
        Assert.Contains("Text encoder training: frozen", output);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pretrain.config.json"))))
            Assert.AreEqual("frozen", config.RootElement.GetProperty("text-training").GetString());

        (code, _, error) = CliTestRun.Run(Pretrain(outDir, "--text-training", "finetune"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("text-training", error);

        (code, _, error) = CliTestRun.Run(["pretrain", "--config", Path.Combine(outDir, "pretrain.config.json"), "--stop-after-steps", "2"]);
        Assert.AreEqual(0, code, error);
    }

    [TestMethod]
    public void SentenceSamplingIsWrittenToTheConfigAndAChangeRefusesToResume()
    {
        var outDir = Path.Combine(_dir, "sentences");
        var (code, _, error) = CliTestRun.Run(Pretrain(outDir, "--sentence-sampling", "0.5", "--stop-after-steps", "1"));
        Assert.AreEqual(0, code, error);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pretrain.config.json"))))
            Assert.AreEqual(0.5, config.RootElement.GetProperty("sentence-sampling").GetDouble());

        (code, _, error) = CliTestRun.Run(Pretrain(outDir, "--sentence-sampling", "0.2"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("sentence-sampling 0.5 → 0.2", error);

        (code, _, error) = CliTestRun.Run(["pretrain", "--config", Path.Combine(outDir, "pretrain.config.json"), "--stop-after-steps", "2"]);
        Assert.AreEqual(0, code, error);
    }
}
