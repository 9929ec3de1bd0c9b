using FgClep.Cli;
using FgClep.Datasets.Synthetic;
using FgClep.IO;

namespace FgClep.Tests.Cli;

/// <summary>Runs <c>fgclep</c> in-process, and makes the small model and synthetic records the command tests share.</summary>
internal static class CliTestRun
{
    /// <summary>Records of <c>--synthetic <see cref="SyntheticCount"/></c>; the tests pass <c>--split all</c> unless they say otherwise.</summary>
    public const int SyntheticCount = 60;

    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A new temporary folder.</summary>
    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fgclep-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Pre-trains a narrow small-cpu model for one epoch (one step) on the synthetic training split, with validation, through
    /// 'fgclep pretrain'; returns the path of its model.fgclep (training.json lies beside it).
    /// </summary>
    public static string PretrainModel(string outDir)
    {
        var (code, _, error) = Run("pretrain", "--synthetic", SyntheticCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--epochs", "1", "--ecg-width", "8", "--out", outDir, "--quiet");
        Assert.AreEqual(0, code, error);
        var model = Path.Combine(outDir, "model.fgclep");
        Assert.IsTrue(File.Exists(model), model);
        return model;
    }

    /// <summary>The records of <c>--synthetic <see cref="SyntheticCount"/> --split all</c>, as the CLI generates them.</summary>
    public static EcgRecord[] SyntheticRecords() =>
        new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = 1 }).Generate(0, SyntheticCount).ToArray();
}
