using System.Runtime.InteropServices;
using FgClep.Modeling;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class NnpackSwitchTests
{
    [TestMethod]
    public void BuildingAModelTurnsOffNnpack()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Inconclusive("The switch calls libtorch_cpu's Linux x64 symbols only.");
        using var model = TinyClep.Model(TinyClep.Tokenizer());
        Assert.IsFalse(NnpackSwitch.Enabled(), "libtorch would try NNPACK (and print its warning) on every CPU convolution.");
    }
}
