using FgClep.Modeling.Ecg;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class ResNet1dTests
{
    [TestMethod]
    [DataRow(18, 8 * 4)]
    [DataRow(34, 8 * 4)]
    [DataRow(50, 8 * 4 * 4)]
    [DataRow(101, 8 * 4 * 4)]
    [DataRow(152, 8 * 4 * 4)]
    public void EveryDepthPoolsToItsEmbeddingSize(int depth, int expectedSize)
    {
        torch.random.manual_seed(1);
        using var net = new ResNet1d(new ResNet1dOptions { Depth = depth, BaseWidth = 4 });
        Assert.AreEqual(expectedSize, net.EmbeddingSize);
        net.eval();
        using var scope = NewDisposeScope();
        var y = net.forward(randn(2, 12, 100));
        CollectionAssert.AreEqual(new long[] { 2, expectedSize }, y.shape);
        Assert.IsTrue(y.isfinite().all().item<bool>());
    }

    [TestMethod]
    public void ResNet18ParameterCountMatchesHandComputation()
    {
        // Stem conv 12→64 (k 15, no bias) + BN; four stages of two basic blocks with k-7 convs (no bias) + BN each,
        // and a 1×1 conv + BN shortcut where the width or the stride changes.
        const int c = 12, w = 64, k1 = 15, k = 7;
        long expected = c * w * k1 + 2 * w;
        var channels = w;
        foreach (var (multiplier, stride) in new[] { (1, 1), (2, 2), (4, 2), (8, 2) })
        {
            var width = w * multiplier;
            for (var block = 0; block < 2; block++)
            {
                expected += (long)channels * width * k + 2 * width + (long)width * width * k + 2 * width;
                if (block == 0 && (stride != 1 || channels != width)) expected += (long)channels * width + 2 * width;
                channels = width;
            }
        }
        Assert.AreEqual(8_737_408L, expected, "hand computation");

        using var net = new ResNet1d(new ResNet1dOptions());
        Assert.AreEqual(expected, net.parameters().Sum(p => p.numel()));
        Assert.AreEqual(512, net.EmbeddingSize);
    }

    [TestMethod]
    public void StateDictUsesTorchvisionStyleNames()
    {
        using var net = new ResNet1d(new ResNet1dOptions { Depth = 50, BaseWidth = 4 });
        var keys = net.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "conv1.weight", "bn1.running_mean", "layer1.0.conv3.weight", "layer1.0.downsample.0.weight",
                     "layer2.0.downsample.1.weight", "layer4.2.bn3.bias" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("layer1.1.downsample.0.weight", keys);
    }

    [TestMethod]
    public void EvalOutputOfARowDoesNotDependOnTheRestOfTheBatch()
    {
        torch.random.manual_seed(2);
        using var net = new ResNet1d(new ResNet1dOptions { BaseWidth = 8 });
        net.eval();
        using var scope = NewDisposeScope();
        var x = randn(3, 12, 120);
        var all = net.forward(x);
        var first = net.forward(x.narrow(0, 0, 1));
        Assert.IsTrue(all.narrow(0, 0, 1).allclose(first, rtol: 1e-4, atol: 1e-5));
        Assert.IsFalse(all[0].allclose(all[1]), "different inputs should give different embeddings");
    }

    [TestMethod]
    public void TrainingStepReachesTheStem()
    {
        torch.random.manual_seed(3);
        using var net = new ResNet1d(new ResNet1dOptions { BaseWidth = 4, InputChannels = 2 });
        net.train();
        using var scope = NewDisposeScope();
        var loss = net.forward(randn(4, 2, 64)).pow(2).mean();
        loss.backward();
        var stem = net.named_parameters().First(p => p.name == "conv1.weight").parameter;
        Assert.IsGreaterThan(0f, stem.grad!.abs().sum().item<float>());
    }

    [TestMethod]
    public void InvalidOptionsAndInputsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ResNet1d(new ResNet1dOptions { Depth = 20 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ResNet1d(new ResNet1dOptions { KernelSize = 6 }));
        using var net = new ResNet1d(new ResNet1dOptions { BaseWidth = 4 });
        using var wrongLeads = zeros(1, 8, 100);
        Assert.ThrowsExactly<ArgumentException>(() => net.forward(wrongLeads));
    }
}
