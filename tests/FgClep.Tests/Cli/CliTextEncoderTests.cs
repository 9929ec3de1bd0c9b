using System.Text.Json;
using FgClep.Inference;
using FgClep.Modeling.Text;

namespace FgClep.Tests.Cli;

/// <summary><c>fgclep pretrain --text-encoder minilm|arctic|random|DIR</c>: the pretrained encoders, the random warning, bad names.</summary>
[TestClass]
[DoNotParallelize] // sets FGCLEP_CACHE for the process
public sealed class CliTextEncoderTests
{
    private string _dir = "";
    private string? _previousCache;

    [TestInitialize]
    public void Setup()
    {
        _dir = CliTestRun.TempDirectory("cli-text-encoder");
        _previousCache = Environment.GetEnvironmentVariable("FGCLEP_CACHE");
        Environment.SetEnvironmentVariable("FGCLEP_CACHE", Path.Combine(_dir, "cache"));
    }

    [TestCleanup]
    public void Cleanup()
    {
        Environment.SetEnvironmentVariable("FGCLEP_CACHE", _previousCache);
        Directory.Delete(_dir, recursive: true);
    }

    private static string[] Pretrain(string outDir, params string[] extra) =>
        ["pretrain", "--synthetic", CliTestRun.SyntheticCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--epochs", "1", "--ecg-width", "8", "--validate", "false", "--out", outDir, .. extra];

    [TestMethod]
    public void MiniLmIsConvertedIntoTheCacheAndTrainsWithoutARandomWarning()
    {
        try { PretrainedTextEncoder.MiniLmL6V2.FindPackageAssembly(); }
        catch (FileNotFoundException ex) { Assert.Inconclusive(ex.Message); }

        var outDir = Path.Combine(_dir, "minilm");
        var (code, output, error) = CliTestRun.Run(Pretrain(outDir, "--text-encoder", "minilm"));
        Assert.AreEqual(0, code, error);
        Assert.Contains("Text encoder: all-MiniLM-L6-v2", output);
        Assert.DoesNotContain("RANDOMLY", error);
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "cache", "text-encoders", "all-MiniLM-L6-v2-24.9.52193", "model.safetensors")), "FGCLEP_CACHE is used");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pretrain.config.json")));
        Assert.AreEqual("minilm", config.RootElement.GetProperty("text-encoder").GetString());

        using var model = ClepEncoder.Load(Path.Combine(outDir, "model.fgclep"));
        Assert.AreEqual(384, model.Network.TextEncoder.HiddenSize);
        Assert.AreEqual(TextPooling.Mean, model.Network.TextEncoder.Pooling);
    }

    [TestMethod]
    public void RandomTextEncoderIsAnnouncedLoudly()
    {
        var (code, _, error) = CliTestRun.Run(Pretrain(Path.Combine(_dir, "random"), "--text-encoder", "random"));
        Assert.AreEqual(0, code, error);
        Assert.Contains("warning: the text encoder is RANDOMLY INITIALISED", error);
        Assert.Contains("--text-encoder minilm", error);
    }

    [TestMethod]
    public void UnknownTextEncoderNameIsBadUsageListingTheNames()
    {
        var (code, _, error) = CliTestRun.Run(Pretrain(Path.Combine(_dir, "bogus"), "--text-encoder", "bogus"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("'bogus'", error);
        Assert.Contains("minilm, arctic, random", error);
    }
}
