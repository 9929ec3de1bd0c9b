using FgClep.Modeling.Ecg;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

/// <summary>
/// The ECG encoder's convolution gradients. libtorch's oneDNN convolution backward returned wrong (often NaN) gradients for
/// channel counts that are not multiples of 32, depending on what the allocator's recycled memory held (relative errors near
/// 1); these tests fill that memory with huge values first, as a long training run does by chance.
/// </summary>
[TestClass]
public sealed class ResNet1dGradientTests
{
    [TestMethod]
    [DataRow(4, 4, 7, 1)]
    [DataRow(8, 8, 7, 1)]
    [DataRow(12, 4, 15, 2)]
    [DataRow(12, 32, 15, 2)]
    [DataRow(12, 64, 15, 2)]
    [DataRow(24, 24, 7, 2)]
    [DataRow(48, 48, 7, 2)]
    [DataRow(64, 64, 7, 1)]
    [DataRow(12, 32, 15, 3)]
    [DataRow(12, 32, 4, 2)]
    [DataRow(12, 32, 7, 1)]
    [DataRow(4, 8, 1, 2)]
    [DataRow(128, 256, 1, 2)]
    [DataRow(64, 256, 1, 1)]
    [DataRow(256, 512, 1, 2)]
    public void EncoderConvolutionGradientsMatchFloat64Reference(int inChannels, int outChannels, int kernel, int stride)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            using var scope = NewDisposeScope();
            var conv = nn.Conv1d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, bias: false);
            var x = torch.randn(8, inChannels, 200).requires_grad_(true);
            FillRecycledMemory(8 * Math.Max(inChannels, outChannels) * 200);
            Im2ColConv1d.Forward(conv, x).pow(2).sum().backward();

            var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
            var w64 = conv.weight!.detach().to(ScalarType.Float64).requires_grad_(true);
            nn.functional.conv1d(x64, w64, stride: stride, padding: kernel / 2).pow(2).sum().backward();

            AssertClose(x.grad!, x64.grad!, $"trial {trial}: input gradient");
            AssertClose(conv.weight!.grad!, w64.grad!, $"trial {trial}: weight gradient");
        }
    }

    [TestMethod]
    [DataRow(12, 32, 15, 2)]
    [DataRow(12, 4, 15, 2)]
    [DataRow(64, 64, 7, 1)]
    [DataRow(128, 256, 1, 2)]
    public void MixedPrecisionGradientsReachTheFloat32WeightsAndMatchFloat64ToBfloat16Precision(int inChannels, int outChannels, int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv1d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, bias: false);
        var x = torch.randn(8, inChannels, 200).requires_grad_(true);
        FillRecycledMemory(8 * Math.Max(inChannels, outChannels) * 200);
        var y = Im2ColConv1d.Forward(conv, x, ScalarType.BFloat16);
        Assert.AreEqual(ScalarType.Float32, y.dtype, "the output comes back in the input's type");
        y.pow(2).sum().backward();
        Assert.AreEqual(ScalarType.Float32, conv.weight!.grad!.dtype);

        var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
        var w64 = conv.weight!.detach().to(ScalarType.Float64).requires_grad_(true);
        nn.functional.conv1d(x64, w64, stride: stride, padding: kernel / 2).pow(2).sum().backward();
        AssertClose(x.grad!, x64.grad!, "input gradient", tolerance: 3e-2);
        AssertClose(conv.weight!.grad!, w64.grad!, "weight gradient", tolerance: 3e-2);
    }

    [TestMethod]
    public void OnlyFloat32AndBFloat16AreConvolutionTypes()
    {
        using var net = new ResNet1d(new ResNet1dOptions { Depth = 18, BaseWidth = 4 });
        net.ConvolutionType = ScalarType.Float32;
        Assert.IsNull(net.ConvolutionType);
        net.ConvolutionType = ScalarType.BFloat16;
        Assert.AreEqual(ScalarType.BFloat16, net.ConvolutionType);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => net.ConvolutionType = ScalarType.Float16);
    }

    private static void AssertClose(Tensor actual, Tensor expected, string what, double tolerance = 1e-4)
    {
        Assert.IsTrue(actual.isfinite().all().item<bool>(), $"{what} is not finite");
        double error = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max().item<double>()
                       / Math.Max(1e-12, expected.abs().max().to(ScalarType.Float64).item<double>());
        Assert.IsLessThan(tolerance, error, $"{what} is off by {error:g3} (relative to its largest element)");
    }

    /// <summary>
    /// A whole network's float32 gradients can differ from float64 by a few percent where batch norm cancels most of a
    /// gradient, so networks are checked for what the bug broke: gradients must not depend on what recycled memory held.
    /// Width 32 also covers oneDNN's strided 1×1 backward, which died of SIGFPE on the ResNet-50 shortcut shapes.
    /// </summary>
    [TestMethod]
    [DataRow(18, 4)]
    [DataRow(18, 8)]
    [DataRow(50, 4)]
    [DataRow(50, 32)]
    public void GradientsDoNotDependOnRecycledMemory(int depth, int width)
    {
        using var scope = NewDisposeScope();
        var options = new ResNet1dOptions { Depth = depth, BaseWidth = width };
        using var first = new ResNet1d(options);
        using var second = new ResNet1d(options);
        second.load_state_dict(first.state_dict());
        var x = torch.randn(8, 12, 500);
        first.forward(x).pow(2).sum().backward();
        FillRecycledMemory(8 * 8 * width * 500);
        second.forward(x).pow(2).sum().backward();
        var expected = second.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in first.named_parameters())
            AssertClose(parameter.grad!, expected[name], $"gradient of {name} with other memory contents", tolerance: 1e-5);
    }

    [TestMethod]
    [DataRow(12, 4, 15, 2)]
    [DataRow(4, 4, 7, 1)]
    [DataRow(4, 8, 1, 2)]
    [DataRow(24, 48, 7, 2)]
    [DataRow(128, 256, 1, 2)]
    public void Im2ColForwardEqualsNativeConvolution(int inChannels, int outChannels, int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        var weight = torch.randn(outChannels, inChannels, kernel);
        var x = torch.randn(3, inChannels, 101);
        var native = nn.functional.conv1d(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), stride: stride, padding: kernel / 2);
        var im2col = kernel == 1 ? Im2ColConv1d.Pointwise(x, weight, stride) : Im2ColConv1d.Apply(x, weight, stride, kernel / 2);
        CollectionAssert.AreEqual(native.shape, im2col.shape);
        double error = (im2col.to(ScalarType.Float64) - native).abs().max().item<double>();
        Assert.IsLessThan(1e-4, error);
    }

    [TestMethod]
    [DataRow(12, 32, 15, 2)]
    [DataRow(12, 4, 15, 2)]
    [DataRow(128, 256, 1, 2)]
    public void APassWithoutGradientsTakesLibtorchsOwnKernelAndATrainingPassTheExactRoute(int inChannels, int outChannels, int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv1d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, bias: false);
        var x = torch.randn(3, inChannels, 101);
        using (torch.no_grad())
            Assert.IsTrue(Im2ColConv1d.Forward(conv, x).eq(conv.forward(x)).all().item<bool>(), "inference: bit for bit libtorch's kernel");
        var exact = kernel == 1 ? Im2ColConv1d.SampledPointwise(x, conv.weight!, stride)
            : outChannels % 32 == 0 ? Im2ColConv1d.Polyphase(x, conv.weight!, stride, kernel / 2) : Im2ColConv1d.Apply(x, conv.weight!, stride, kernel / 2);
        Assert.IsTrue(Im2ColConv1d.Forward(conv, x).eq(exact).all().item<bool>(), "training: the route whose gradients are exact");
    }

    [TestMethod]
    [DataRow(12, 32, 15, 2, 1000)]
    [DataRow(12, 32, 15, 2, 999)]
    [DataRow(12, 64, 15, 3, 101)]
    [DataRow(12, 32, 4, 2, 100)]
    [DataRow(12, 32, 7, 1, 50)]
    [DataRow(3, 32, 5, 4, 17)]
    public void PolyphaseForwardEqualsTheStridedConvolution(int inChannels, int outChannels, int kernel, int stride, int length)
    {
        using var scope = NewDisposeScope();
        var weight = torch.randn(outChannels, inChannels, kernel);
        var x = torch.randn(3, inChannels, length);
        var strided = nn.functional.conv1d(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), stride: stride, padding: kernel / 2);
        var polyphase = Im2ColConv1d.Polyphase(x, weight, stride, kernel / 2);
        CollectionAssert.AreEqual(strided.shape, polyphase.shape);
        Assert.IsLessThan(1e-4, (polyphase.to(ScalarType.Float64) - strided).abs().max().item<double>());
    }

    [TestMethod]
    [DataRow(32, 64, 2)]
    [DataRow(128, 256, 2)]
    [DataRow(64, 256, 1)]
    public void SampledPointwiseEqualsTheStridedOneByOneConvolution(int inChannels, int outChannels, int stride)
    {
        using var scope = NewDisposeScope();
        var weight = torch.randn(outChannels, inChannels, 1);
        var x = torch.randn(3, inChannels, 63);
        var strided = nn.functional.conv1d(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), stride: stride);
        var sampled = Im2ColConv1d.SampledPointwise(x, weight, stride);
        CollectionAssert.AreEqual(strided.shape, sampled.shape);
        Assert.IsLessThan(1e-4, (sampled.to(ScalarType.Float64) - strided).abs().max().item<double>());
    }

    [TestMethod]
    public void NativeKernelIsKeptForChannelMultiplesOf32AndOffTheCpu()
    {
        Assert.IsTrue(Im2ColConv1d.UsesNativeKernel(64, 128, CPU));
        Assert.IsFalse(Im2ColConv1d.UsesNativeKernel(12, 64, CPU));
        Assert.IsFalse(Im2ColConv1d.UsesNativeKernel(48, 48, CPU));
        Assert.IsTrue(Im2ColConv1d.UsesNativeKernel(4, 4, new Device(DeviceType.CUDA)));
    }

    /// <summary>Allocates and frees buffers full of 1e30, so freshly allocated tensors start with garbage as they do mid-training.</summary>
    private static void FillRecycledMemory(long elements)
    {
        for (int i = 1; i <= 4; i++)
            torch.full([elements * i / 4], 1e30f).Dispose();
    }
}
