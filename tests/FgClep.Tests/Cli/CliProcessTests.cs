using System.Text.Json;
using FgClep.Datasets.Synthetic;
using FgClep.IO.Wfdb;
using FgClep.Inference;

namespace FgClep.Tests.Cli;

/// <summary>
/// The tool as a user runs it: one process per command through the whole method on small synthetic data
/// (inspect → pretrain → enrich → pretrain --init → zeroshot → probe → retrieve → export-onnx), then bad input.
/// The pipeline runs once; each test checks one step's outputs and exit code.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CliProcessTests
{
    private const string Records = "100";
    private static string _dir = "";
    private static readonly Dictionary<string, CliProcess.Result> Steps = new();

    [ClassInitialize]
    public static void RunPipeline(TestContext _)
    {
        _dir = Path.Combine(Path.GetTempPath(), "fgclep-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var record = new SyntheticEcgGenerator().Generate(3);
        WfdbWriter.Write(Path.Combine(_dir, "rec"), record);

        Step("inspect", "inspect", "rec", "--json");
        Step("pretrain", "pretrain", "--synthetic", Records, "--epochs", "1", "--batch-size", "16", "--out", "clep");
        Step("enrich", "enrich", "kb", "--synthetic", Records, "--clep", "clep/model.fgclep", "--threshold", "0", "--out", "enrich", "--json");
        Step("stage2", "pretrain", "--synthetic", Records, "--epochs", "1", "--batch-size", "16", "--init", "clep/model.fgclep",
            "--reports", "enrich/fine-grained-reports.jsonl", "--out", "fgclep", "--json");
        Step("zeroshot", "zeroshot", "--model", "fgclep/model.fgclep", "--synthetic", Records, "--out", "zeroshot", "--json");
        Step("probe", "probe", "--model", "fgclep/model.fgclep", "--synthetic", Records, "--fraction", "100", "--json");
        Step("retrieve", "retrieve", "atrial fibrillation", "--model", "fgclep/model.fgclep", "--synthetic", Records, "--top", "3", "--json");
        Step("export", "export-onnx", "--model", "fgclep/model.fgclep", "--output", "onnx/encoder.onnx");
    }

    private static void Step(string name, params string[] args) => Steps[name] = CliProcess.Run(_dir, args);

    [ClassCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static JsonElement Json(string step)
    {
        var r = Steps[step];
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var doc = JsonDocument.Parse(r.Output);
        return doc.RootElement.Clone();
    }

    private static string PathOf(params string[] parts) => Path.Combine(new[] { _dir }.Concat(parts).ToArray());

    [TestMethod]
    public void InspectReadsTheRecordWrittenForIt()
    {
        var json = Json("inspect");
        Assert.AreEqual(12, json.GetProperty("signalCount").GetInt32());
        Assert.AreEqual(12, json.GetProperty("leads").GetArrayLength());
    }

    [TestMethod]
    public void PretrainWritesModelTrainingLogAndEffectiveConfig()
    {
        var r = Steps["pretrain"];
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        Assert.IsTrue(File.Exists(PathOf("clep", "model.fgclep")), r.ToString());
        using var training = JsonDocument.Parse(File.ReadAllText(PathOf("clep", "training.json")));
        // 80 training records in batches of 16: 5 steps, all done, one loss each.
        Assert.AreEqual(5, training.RootElement.GetProperty("totalSteps").GetInt32());
        Assert.IsTrue(training.RootElement.GetProperty("finished").GetBoolean());
        Assert.AreEqual(5, training.RootElement.GetProperty("losses").GetArrayLength());
        using var config = JsonDocument.Parse(File.ReadAllText(PathOf("clep", "pretrain.config.json")));
        Assert.AreEqual(100, config.RootElement.GetProperty("synthetic").GetInt32());
        Assert.AreEqual(16, config.RootElement.GetProperty("batch-size").GetInt32());
        Assert.AreEqual("sigmoid-fnm", config.RootElement.GetProperty("loss").GetString());
        Assert.Contains("validation after epoch 1", r.Output);
    }

    [TestMethod]
    public void EnrichWritesAFineGrainedReportPerRecord()
    {
        var json = Json("enrich");
        Assert.AreEqual(80, json.GetProperty("records").GetInt32());
        int distinct = json.GetProperty("distinctReports").GetInt32();
        Assert.AreEqual(distinct, json.GetProperty("proposerCalls").GetInt32(), "one proposer call per distinct report");
        var lines = File.ReadAllLines(PathOf("enrich", "fine-grained-reports.jsonl"));
        Assert.HasCount(80, lines);
        // Threshold 0 keeps every candidate, so every record with candidates gets the features appended.
        using var first = JsonDocument.Parse(lines[0]);
        var verified = first.RootElement.GetProperty("verifiedFeatures").GetArrayLength();
        Assert.AreEqual(first.RootElement.GetProperty("candidateFeatures").GetArrayLength(), verified);
        Assert.IsGreaterThan(0, verified);
        StringAssert.Contains(first.RootElement.GetProperty("fineGrainedReport").GetString(), "Waveform features: ");
        Assert.IsTrue(File.Exists(PathOf("enrich", "proposals.jsonl")));
        Assert.IsTrue(File.Exists(PathOf("enrich", "enrich-kb.config.json")));
    }

    [TestMethod]
    public void EnrichAgainAnswersEverythingFromTheCache()
    {
        var r = CliProcess.Run(_dir, "enrich", "kb", "--synthetic", Records, "--clep", "clep/model.fgclep", "--threshold", "0", "--out", "enrich", "--json", "--quiet");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var json = JsonDocument.Parse(r.Output);
        Assert.AreEqual(0, json.RootElement.GetProperty("proposerCalls").GetInt32());
        Assert.AreEqual(json.RootElement.GetProperty("distinctReports").GetInt32(), json.RootElement.GetProperty("cacheHits").GetInt32());
        Assert.AreEqual("", r.Error, "--quiet prints nothing but the result");
    }

    [TestMethod]
    public void EnrichCalibratesTheVerifierOnTheRecordsWhenAsked()
    {
        var r = CliProcess.Run(_dir, "enrich", "kb", "--synthetic", Records, "--clep", "clep/model.fgclep", "--calibrate", "--out", "enrich-calibrated", "--json", "--quiet");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var json = JsonDocument.Parse(r.Output);
        var plain = Json("enrich");
        Assert.IsGreaterThan(0, json.RootElement.GetProperty("calibratedFeatures").GetInt32(), r.Output);
        Assert.IsFalse(plain.TryGetProperty("calibratedFeatures", out var none) && none.ValueKind != JsonValueKind.Null, "no calibration unless asked");
        Assert.AreEqual(plain.GetProperty("candidatesPerRecord").GetDouble(), json.RootElement.GetProperty("candidatesPerRecord").GetDouble());
    }

    [TestMethod]
    public void StageTwoStartsFromStageOneOnTheFineGrainedReports()
    {
        var json = Json("stage2");
        Assert.AreEqual(2, json.GetProperty("stage").GetInt32());
        Assert.AreEqual(80, json.GetProperty("pairs").GetInt32());
        Assert.IsTrue(json.GetProperty("finished").GetBoolean());
        Assert.IsTrue(File.Exists(PathOf("fgclep", "model.fgclep")));
    }

    [TestMethod]
    public void ZeroShotScoresEveryConditionAndWritesPredictions()
    {
        var json = Json("zeroshot");
        Assert.AreEqual(10, json.GetProperty("records").GetInt32());
        Assert.AreEqual(SyntheticEcgGenerator.Conditions.Count, json.GetProperty("classes").GetArrayLength());
        double macro = json.GetProperty("macroAuroc").GetDouble();
        Assert.IsTrue(macro is >= 0 and <= 1, $"macro AUROC {macro}");
        var csv = File.ReadAllLines(PathOf("zeroshot", "zeroshot-predictions.csv"));
        Assert.HasCount(11, csv);
        Assert.HasCount(SyntheticEcgGenerator.Conditions.Count + 2, csv[0].Split(','));
    }

    [TestMethod]
    public void ProbeReportsATestAuroc()
    {
        var json = Json("probe");
        var results = json.GetProperty("results");
        Assert.AreEqual(1, results.GetArrayLength());
        Assert.AreEqual(80, results[0].GetProperty("trainRecords").GetInt32());
        Assert.AreEqual(10, json.GetProperty("test").GetInt32());
        // By default the probe reads the ECG encoder's output, not the projected embedding (the paper's protocol).
        Assert.AreEqual("encoder", json.GetProperty("features").GetString());
        using var model = ClepEncoder.Load(PathOf("fgclep", "model.fgclep"));
        Assert.AreEqual(model.EcgEncoderFeatureSize, json.GetProperty("featureSize").GetInt32());
    }

    [TestMethod]
    public void RetrieveReturnsTheTopHitsInOrder()
    {
        var json = Json("retrieve");
        var hits = json.GetProperty("hits").EnumerateArray().ToArray();
        Assert.HasCount(3, hits);
        var p = hits.Select(h => h.GetProperty("probability").GetDouble()).ToArray();
        Assert.IsTrue(p[0] >= p[1] && p[1] >= p[2], string.Join(", ", p));
    }

    [TestMethod]
    public void ExportOnnxWritesTheEncoder()
    {
        var r = Steps["export"];
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        var onnx = PathOf("onnx", "encoder.onnx");
        Assert.IsTrue(File.Exists(onnx));
        Assert.IsGreaterThan(100_000L, new FileInfo(onnx).Length);
    }

    [TestMethod]
    [DataRow("pretrain --out x", "no data source given", DisplayName = "no data source")]
    [DataRow("pretrain --synthetic 50 --ptbxl data --out x", "several data sources", DisplayName = "two data sources")]
    [DataRow("pretrain --ptbxl does-not-exist --out x", "does-not-exist", DisplayName = "missing PTB-XL folder")]
    [DataRow("pretrain --synthetic 50", "--out", DisplayName = "missing required option")]
    [DataRow("pretrain --synthetic 50 --out x --epochs many", "many", DisplayName = "unparsable number")]
    [DataRow("pretrain --synthetic 50 --out x --loss hinge", "hinge", DisplayName = "unknown loss")]
    [DataRow("pretrain --synthetic 50 --out x --bogus", "--bogus", DisplayName = "unknown flag")]
    [DataRow("pretrain --synthetic 50 --out x --device cuda", "CUDA", DisplayName = "CUDA without CUDA")]
    [DataRow("pretrain --synthetic 50 --out x --reports r.jsonl", "--init", DisplayName = "reports without init")]
    [DataRow("zeroshot --model missing.fgclep --synthetic 50", "missing.fgclep", DisplayName = "missing model")]
    [DataRow("zeroshot --model rec.hea --synthetic 50", "not a readable FgClep model", DisplayName = "not a model")]
    [DataRow("enrich gguf --model none.gguf --clep clep/model.fgclep --synthetic 50 --out e", "none.gguf", DisplayName = "missing GGUF")]
    [DataRow("enrich openai --endpoint localhost --model m --clep clep/model.fgclep --synthetic 50 --out e", "http", DisplayName = "bad endpoint")]
    [DataRow("nonsense", "nonsense", DisplayName = "unknown command")]
    public void BadUsageExitsWithTwoAndSaysWhatIsWrong(string commandLine, string expected)
    {
        var r = CliProcess.Run(_dir, commandLine.Split(' '));
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains(expected, r.Error, r.ToString());
        Assert.StartsWith("error: ", r.Error, r.ToString());
    }

    [TestMethod]
    public void ConfigFileSetsOptionsAndFlagsOverrideIt()
    {
        File.WriteAllText(PathOf("zs.json"), """{ "synthetic": 100, "model": "fgclep/model.fgclep", "split": "validation", "class": ["atrial fibrillation", "normal sinus rhythm"] }""");
        var r = CliProcess.Run(_dir, "zeroshot", "--config", "zs.json", "--split", "test", "--json", "--out", "zs-config");
        var json = Json(r);
        Assert.AreEqual(10, json.GetProperty("records").GetInt32());
        Assert.AreEqual(2, json.GetProperty("classes").GetArrayLength());
        using var saved = JsonDocument.Parse(File.ReadAllText(PathOf("zs-config", "zeroshot.config.json")));
        Assert.AreEqual("test", saved.RootElement.GetProperty("split").GetString(), "the flag wins over the file");
        Assert.AreEqual(2, saved.RootElement.GetProperty("class").GetArrayLength());
    }

    [TestMethod]
    public void ConfigFileWithAnUnknownKeyIsBadInput()
    {
        File.WriteAllText(PathOf("bad.json"), """{ "synthetic": 100, "epoch": 3 }""");
        var r = CliProcess.Run(_dir, "pretrain", "--config", "bad.json", "--out", "x");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("'epoch'", r.Error);
        Assert.Contains("epochs", r.Error, "lists the valid names");
    }

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var doc = JsonDocument.Parse(r.Output);
        return doc.RootElement.Clone();
    }

    [TestMethod]
    public void HelpShowsExamplesForEveryCommand()
    {
        foreach (var command in new[] { "pretrain", "enrich kb", "enrich gguf", "enrich openai", "zeroshot", "probe", "retrieve", "plot", "export-onnx", "benchmark" })
        {
            var r = CliProcess.Run(_dir, command.Split(' ').Append("--help").ToArray());
            Assert.AreEqual(0, r.ExitCode, r.ToString());
            Assert.Contains("Examples:", r.Output, command);
            Assert.Contains($"fgclep {command} ", r.Output, command);
        }
    }

    [TestMethod]
    public void CtrlCKeepsACheckpointAndTheSameCommandResumes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Inconclusive("Sends SIGINT with kill(2).");
        if (CliProcess.SigintIgnoredByInheritance())
            Assert.Inconclusive("This test process ignores SIGINT (it was started as a background job of a shell without job control, " +
                                "or under nohup), and the tool it starts inherits that, so Ctrl+C cannot be tested here. Run the tests in the foreground.");
        string[] args = { "pretrain", "--synthetic", "400", "--epochs", "2", "--batch-size", "32", "--validate", "false", "--out", "interrupted" };
        var first = CliProcess.RunAndInterrupt(_dir, "Stage 1 (CLEP):", TimeSpan.FromMinutes(3), args);
        Assert.AreEqual(130, first.ExitCode, first.ToString());
        Assert.Contains("resume", first.Error, first.ToString());
        Assert.IsTrue(File.Exists(PathOf("interrupted", "checkpoints", "checkpoint.fgclepck")), first.ToString());
        Assert.IsFalse(File.Exists(PathOf("interrupted", "model.fgclep")), "no model is written for an interrupted run");

        var second = CliProcess.Run(_dir, args.Append("--json").ToArray());
        var json = Json(second);
        Assert.Contains("Resuming from", second.Error);
        int resumedFrom = json.GetProperty("resumedFromStep").GetInt32();
        Assert.IsGreaterThan(0, resumedFrom);
        Assert.IsLessThan(20, resumedFrom);
        Assert.AreEqual(20, json.GetProperty("steps").GetInt32());
        Assert.IsTrue(json.GetProperty("finished").GetBoolean());

        var changed = CliProcess.Run(_dir, args.Select(a => a == "2" ? "3" : a).ToArray());
        Assert.AreEqual(2, changed.ExitCode, "a checkpoint of other settings is not silently resumed: " + changed);
        Assert.Contains("epochs 2 → 3", changed.Error);
    }
}
