using FgClep.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class ProjectionHeadTests
{
    [TestMethod]
    public void LinearHeadIsAnAffineMapWithUnnormalisedOutput()
    {
        torch.random.manual_seed(4);
        using var head = new ProjectionHead(6, 3);
        using var scope = NewDisposeScope();
        var x = randn(5, 6);
        var y = head.forward(x);
        CollectionAssert.AreEqual(new long[] { 5, 3 }, y.shape);

        var p = head.state_dict();
        Assert.HasCount(2, p);
        var expected = x.matmul(p["projection.weight"].t()).add(p["projection.bias"]);
        Assert.IsTrue(y.allclose(expected, rtol: 1e-5, atol: 1e-6));
        // Not L2-normalised: row norms are whatever the affine map gives, not 1.
        Assert.IsFalse(y.pow(2).sum(1).sqrt().allclose(ones(5), rtol: 1e-3, atol: 1e-3));
    }

    [TestMethod]
    public void HiddenLayerOptionAddsALayer()
    {
        using var head = new ProjectionHead(6, 3, hiddenSize: 10);
        Assert.AreEqual(6 * 10 + 10 + 10 * 3 + 3, head.parameters().Sum(t => t.numel()));
        using var scope = NewDisposeScope();
        CollectionAssert.AreEqual(new long[] { 2, 3 }, head.forward(randn(2, 6)).shape);
        Assert.ThrowsExactly<ArgumentException>(() => head.forward(randn(2, 5)));
    }
}
