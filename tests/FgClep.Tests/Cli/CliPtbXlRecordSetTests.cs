using System.Text.Json;
using FgClep.Datasets.PtbXl;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Cli;

/// <summary>'--split-source folds|merl': each PTB-XL task is evaluated on its own records.</summary>
// Pre-training seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class CliPtbXlRecordSetTests
{
    private static string _dir = "";
    private static string _model = "";

    [ClassInitialize]
    public static void CreateModel(TestContext _)
    {
        _dir = CliTestRun.TempDirectory("cli-ptbxl-sets");
        _model = CliTestRun.PretrainModel(Path.Combine(_dir, "run"));
    }

    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void ZeroShotReadsTheRecordsOfTheTask()
    {
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        SharedData.RequireDirectory("data/merl_splits/ptbxl");
        // Fold 9 has 245 rows; 230 of them have a rhythm statement, and MERL's rhythm validation file lists 227 of those.
        foreach (var (source, expected) in new[] { ("folds", 230), ("merl", 227) })
        {
            var (code, output, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", ptbxl, "--split", "validation", "--task", "rhythm",
                "--split-source", source, "--json", "--quiet");
            Assert.AreEqual(0, code, error);
            using var json = JsonDocument.Parse(output);
            Assert.AreEqual(expected, json.RootElement.GetProperty("records").GetInt32(), source);
        }
    }

    [TestMethod]
    public void TheCliAndTheLibraryGiveTheSameZeroShotAuroc()
    {
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        var (code, output, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", ptbxl, "--split", "test", "--task", "form", "--json");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);

        using var model = ClepEncoder.Load(_model);
        var test = new MLContext(seed: 1).Data.LoadPtbXl(ptbxl, new PtbXlLoadOptions
        {
            Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Form, Preprocessor = model.Preprocessing,
        });
        var library = ZeroShotEvaluation.Evaluate(model, test, PtbXlPrompts.Classes(PtbXlDatabase.Load(ptbxl), PtbXlTask.Form), bootstrap: new BootstrapOptions());
        Assert.AreEqual(library.Records, json.RootElement.GetProperty("records").GetInt32());
        // The CLI writes metrics rounded to 4 decimals.
        Assert.AreEqual(Math.Round(library.Auroc.Macro, 4), json.RootElement.GetProperty("macroAuroc").GetDouble(), 1e-12);
        Assert.AreEqual(Math.Round(library.Bootstrap!.MacroAuroc.Lower, 4), json.RootElement.GetProperty("macroAurocCi")[0].GetDouble(), 1e-12);
    }

    [TestMethod]
    public void A500HzReadSaysHowManyFilesAreMissingOrSkipsThem()
    {
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        // Only records 1-500 have 500 Hz files: 64 of the super task's 252 test records.
        var (code, _, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", ptbxl, "--ptbxl-rate", "500", "--json", "--quiet");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "188 of the 252 selected PTB-XL records have no 500 Hz file");
        StringAssert.Contains(error, "--skip-missing");

        string output;
        (code, output, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", ptbxl, "--ptbxl-rate", "500", "--skip-missing", "--json", "--quiet");
        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual(64, json.RootElement.GetProperty("records").GetInt32());
    }

    [TestMethod]
    public void MerlOptionsThatCannotWorkAreRefused()
    {
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        var (code, _, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", ptbxl, "--merl-splits", _dir);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--split-source merl");

        // A PTB-XL copy with no merl_splits/ptbxl beside it.
        var copy = Path.Combine(_dir, "data", "ptbxl");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "ptbxl_database.csv", "scp_statements.csv" }) File.Copy(Path.Combine(ptbxl, file), Path.Combine(copy, file), overwrite: true);
        (code, _, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", copy, "--split-source", "merl");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, Path.Combine(_dir, "data", "merl_splits", "ptbxl"));
        StringAssert.Contains(error, "--merl-splits DIR");

        (code, _, error) = CliTestRun.Run("zeroshot", "--model", _model, "--ptbxl", copy, "--split-source", "merl", "--merl-splits", _dir);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, Path.Combine(_dir, "super_class", "ptbxl_super_class_train.csv"));
    }
}
