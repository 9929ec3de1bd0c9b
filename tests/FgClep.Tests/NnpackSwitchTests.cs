using System.Runtime.InteropServices;
using FgClep.Modeling;

namespace FgClep.Tests;

[TestClass]
public sealed class NnpackSwitchTests
{
    [TestMethod]
    public void BuildingAModelTurnsOffNnpackWhereItCannotRun()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Inconclusive("The switch calls libtorch_cpu's Linux x64 symbols only.");
        using var model = TinyClep.Model(TinyClep.Tokenizer());
        var (available, enabled) = NnpackSwitch.State();
        if (available) Assert.Inconclusive("NNPACK runs on this CPU, so it stays on.");
        Assert.IsFalse(enabled, "libtorch would try NNPACK (and print its warning) on every CPU convolution.");
    }
}
