using FgClep.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Tests.Training;

/// <summary><see cref="ScalarSafeAdamW"/> computes TorchSharp's AdamW update bit for bit, and keeps doing so while collections run.</summary>
// Seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class ScalarSafeAdamWTests
{
    private static nn.Module<Tensor, Tensor> Network()
    {
        torch.random.manual_seed(7);
        return nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3));
    }

    private static AdamW.ParamGroup[] Groups(nn.Module<Tensor, Tensor> net, bool amsgrad)
    {
        var parameters = net.parameters().ToList();
        return new[]
        {
            new AdamW.ParamGroup(parameters.Take(2), new AdamW.Options { LearningRate = 1e-2, weight_decay = 1e-2, amsgrad = amsgrad }),
            new AdamW.ParamGroup(parameters.Skip(2), new AdamW.Options { LearningRate = 3e-3, weight_decay = 0, amsgrad = amsgrad }),
        };
    }

    private static float[][] Train(Func<AdamW.ParamGroup[], AdamW> optimizerOf, bool amsgrad, int steps, Action? betweenSteps = null)
    {
        using var net = Network();
        using var optimizer = optimizerOf(Groups(net, amsgrad));
        torch.random.manual_seed(11);
        using var x = torch.randn(16, 6);
        using var y = torch.randn(16, 3);
        for (int s = 0; s < steps; s++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            net.forward(x).sub(y).pow(2).mean().backward();
            optimizer.step();
            betweenSteps?.Invoke();
        }
        return net.parameters().Select(p => p.data<float>().ToArray()).ToArray();
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void UpdatesMatchTorchSharpsAdamWBitForBit(bool amsgrad)
    {
        var expected = Train(g => torch.optim.AdamW(g, lr: 1e-2, weight_decay: 1e-2), amsgrad, 25);
        var actual = Train(g => new ScalarSafeAdamW(g, 1e-2, 1e-2), amsgrad, 25);
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"parameter {i}");
        Assert.IsTrue(expected.Any(p => p.Any(v => v != 0)));
    }

    // With TorchSharp's own AdamW in place of ScalarSafeAdamW this test fails within seconds here: a Scalar finalized
    // mid-call gives "Expected false to be true" from Scalar::toDouble.
    [TestMethod]
    public void StepsWhileAnotherThreadForcesCollectionsGiveTheSameWeights()
    {
        var expected = Train(g => new ScalarSafeAdamW(g, 1e-2, 1e-2), amsgrad: false, 3000);
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        try
        {
            var actual = Train(g => new ScalarSafeAdamW(g, 1e-2, 1e-2), amsgrad: false, 3000, betweenSteps: () => _ = new byte[1024]);
            for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"parameter {i}");
        }
        finally
        {
            stop.Cancel();
            collector.Wait();
        }
    }
}
