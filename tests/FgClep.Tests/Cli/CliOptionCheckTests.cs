namespace FgClep.Tests.Cli;

/// <summary>Numeric options are checked before anything runs or is written: finite, in range, naming the option and the value.</summary>
[TestClass]
public sealed class CliOptionCheckTests
{
    [TestMethod]
    [DataRow("pretrain --synthetic 40 --out x --lr Infinity", "--lr", "Infinity", DisplayName = "infinite learning rate")]
    [DataRow("pretrain --synthetic 40 --out x --lr NaN", "--lr", "NaN", DisplayName = "NaN learning rate")]
    [DataRow("pretrain --synthetic 40 --out x --fnm-weight -Infinity", "--fnm-weight", "-Infinity", DisplayName = "infinite FNM weight")]
    [DataRow("pretrain --synthetic 40 --out x --sentence-sampling 1.5", "--sentence-sampling", "1.5", DisplayName = "sentence-sampling share above 1")]
    [DataRow("pretrain --synthetic 40 --out x --text-encoder-lr -1e-5", "--text-encoder-lr", "-1e-5", DisplayName = "negative text-encoder rate")]
    [DataRow("pretrain --synthetic 40 --out x --batch-size 8 --epochs 2147483647", "--epochs", "2147483647", DisplayName = "epochs × steps overflow")]
    [DataRow("pretrain --synthetic 40 --out x --checkpoint-every -7", "--checkpoint-every", "-7", DisplayName = "negative checkpoint interval")]
    [DataRow("pretrain --synthetic 40 --out x --epochs abc", "--epochs", "abc", DisplayName = "not a number")]
    [DataRow("pretrain --synthetic -3 --out x", "--synthetic", "-3", DisplayName = "negative record count")]
    [DataRow("enrich kb --synthetic 40 --clep none.fgclep --out x --threshold NaN", "--threshold", "NaN", DisplayName = "NaN threshold")]
    [DataRow("enrich kb --synthetic 40 --clep none.fgclep --out x --threshold 1.5", "--threshold", "1.5", DisplayName = "threshold above 1")]
    [DataRow("retrieve afib --model none.fgclep --synthetic 40 --top 0", "--top", "0", DisplayName = "zero hits")]
    [DataRow("pretrain --synthetic 40 --out x --ecg-precision float16", "--ecg-precision", "float16", DisplayName = "a precision not offered")]
    [DataRow("pretrain --synthetic 40 --out x --loss hinge", "--loss", "hinge", DisplayName = "a loss not offered")]
    [DataRow("pretrain --synthetic 40 --out x --preset huge", "--preset", "huge", DisplayName = "a preset not offered")]
    [DataRow("pretrain --synthetic 40 --out x --split everything", "--split", "everything", DisplayName = "a split not offered")]
    [DataRow("pretrain --ptbxl data --out x --task diagnostic", "--task", "diagnostic", DisplayName = "a PTB-XL task not offered")]
    [DataRow("pretrain --ptbxl data --out x --ptbxl-rate 250", "--ptbxl-rate", "250", DisplayName = "a PTB-XL rate not offered")]
    public void BadNumbersExitWithTwoNamingOptionAndValue(string commandLine, string option, string value)
    {
        var dir = CliTestRun.TempDirectory("options");
        var r = CliProcess.Run(dir, commandLine.Split(' '));
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains(option, r.Error, r.ToString());
        Assert.Contains(value, r.Error, r.ToString());
        Assert.DoesNotContain("please report", r.Error, r.ToString());
        Assert.DoesNotContain("System.", r.Error, r.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "x")) && Directory.EnumerateFileSystemEntries(Path.Combine(dir, "x")).Any(), "nothing is written");
    }

    [TestMethod]
    public void ATextValueForANumberInAConfigFileNamesTheOption()
    {
        var dir = CliTestRun.TempDirectory("options-config");
        File.WriteAllText(Path.Combine(dir, "c.json"), """{ "synthetic": 40, "epochs": "abc" }""");
        var r = CliProcess.Run(dir, "pretrain", "--config", "c.json", "--out", "x");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        Assert.Contains("--epochs", r.Error);
        Assert.Contains("'abc'", r.Error);
        Assert.DoesNotContain("System.", r.Error, r.ToString());
    }
}
