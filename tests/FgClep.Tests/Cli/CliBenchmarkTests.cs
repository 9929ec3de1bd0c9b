using System.Text.Json;
using TorchSharp;

namespace FgClep.Tests.Cli;

// Pre-training and the benchmark seed torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class CliBenchmarkTests
{
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void CreateModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("cli-benchmark");
        _model = CliTestRun.PretrainModel(_dir);
    }

    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void ReportsTorchTrainingAndOnnxRatesOfAModel()
    {
        int threads = torch.get_num_threads();
        var (code, output, error) = CliTestRun.Run("benchmark", "--model", _model, "--batch", "4", "--repeats", "2", "--onnx", "--threads", "1", "--json");
        Assert.AreEqual(0, code, error);
        Assert.AreEqual(threads, torch.get_num_threads(), "--threads must not outlive the command");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.AreEqual(4, root.GetProperty("batch").GetInt32());
        Assert.AreEqual(1, root.GetProperty("torchThreads").GetInt32());
        StringAssert.Contains(root.GetProperty("architecture").GetString(), "width 8");
        double torchRate = root.GetProperty("inference").GetProperty("ecgPerSecond").GetDouble();
        Assert.IsGreaterThan(0.0, torchRate);
        Assert.IsGreaterThan(0.0, root.GetProperty("training").GetProperty("ecgPerSecond").GetDouble());
        var onnx = root.GetProperty("onnx");
        Assert.AreEqual(onnx.GetProperty("ecgPerSecond").GetDouble() / torchRate, onnx.GetProperty("ratio").GetDouble(), 0.01 * onnx.GetProperty("ratio").GetDouble());
        Assert.IsLessThan(1e-4, onnx.GetProperty("maxAbsDifference").GetDouble());
    }

    [TestMethod]
    public void WithoutAModelMeasuresTheSmallCpuArchitecture()
    {
        var (code, output, error) = CliTestRun.Run("benchmark", "--batch", "2", "--repeats", "1");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "small-cpu architecture, random weights: ResNet18-1d width 32");
        StringAssert.Contains(output, "Training step");
        StringAssert.Contains(output, "load average");
        Assert.IsFalse(output.Contains("ONNX Runtime inference", StringComparison.Ordinal), "ONNX only with --onnx");
    }

    [TestMethod]
    [DataRow("--batch 1")]
    [DataRow("--repeats 0")]
    [DataRow("--threads 0")]
    [DataRow("--model no-such-model.fgclep")]
    public void BadFlagsAreBadInput(string flags)
    {
        var (code, _, error) = CliTestRun.Run(new[] { "benchmark" }.Concat(flags.Split(' ')).ToArray());
        Assert.AreEqual(2, code, error);
        StringAssert.StartsWith(error, "error: ");
    }

    [TestMethod]
    [DataRow("retrieve")]
    [DataRow("plot")]
    [DataRow("export-onnx")]
    [DataRow("benchmark")]
    public void HelpShowsExamples(string command)
    {
        var (code, output, _) = CliTestRun.Run(command, "--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "Examples:");
        StringAssert.Contains(output, $"fgclep {command}");
    }
}
