using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

/// <summary>Proves the libtorch native fix-up works: TorchSharp loads and trains here.</summary>
[TestClass]
public sealed class TorchSharpNativeTests
{
    [TestMethod]
    public void Conv1dForwardAndBackwardRun()
    {
        torch.random.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        var conv = nn.Conv1d(12, 8, kernel_size: 7, padding: 3);
        var x = torch.randn(new long[] { 4, 12, 250 }, dtype: ScalarType.Float32);
        var y = conv.forward(x);
        CollectionAssert.AreEqual(new long[] { 4, 8, 250 }, y.shape);
        var loss = y.pow(2).mean();
        loss.backward();
        var grad = conv.weight!.grad;
        Assert.IsNotNull(grad);
        Assert.IsGreaterThan(0f, grad.abs().sum().ToSingle(), "conv1d weight gradient should be non-zero");
        Assert.IsTrue(float.IsFinite(loss.ToSingle()));
    }
}
