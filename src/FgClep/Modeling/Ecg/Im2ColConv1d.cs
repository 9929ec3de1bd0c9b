using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

/// <summary>
/// Runs a bias-free <see cref="Conv1d"/> of the ECG encoder. In training on the CPU, a convolution whose channel counts are
/// not multiples of 32 goes through libtorch's oneDNN kernel only where the channels can be padded to such a multiple
/// (<see cref="Polyphase"/>, the 12-lead stem), else through an explicit im2col (unfold + matrix product); kernel-1
/// convolutions go through the stride-1 1×1 kernel (<see cref="SampledPointwise"/>) or a channel matrix product
/// (<see cref="Pointwise"/>).
/// </summary>
/// <remarks>
/// libtorch 2.10's float32 CPU convolution backward (oneDNN 3.7.1, blocked <c>aBcd16b</c> layouts) returns wrong input and
/// weight gradients when a channel count has to be padded to the kernel's block: relative errors near 1, and NaN or infinity
/// whenever the padding memory it reads happens to hold them. Which shapes fail depends on the allocator's recycled memory, so a
/// seeded single-threaded run went NaN at a different step each time. Measured against a float64 reference, every shape with
/// input and output channels that are multiples of 32 was exact (relative error ≤ 2e-6); 4, 8, 12, 24 and 48 were not.
/// The im2col route uses only unfold, reshape and matmul, whose gradients are exact, and gives the same numbers as the
/// native kernel's forward (so weights, checkpoints and ONNX exports are unchanged).
/// </remarks>
internal static class Im2ColConv1d
{
    /// <summary>Channel multiple at which the native kernel is trusted.</summary>
    internal const long NativeChannelMultiple = 32;

    /// <summary>Whether the native kernel is used for these channel counts on <paramref name="device"/>.</summary>
    internal static bool UsesNativeKernel(long inChannels, long outChannels, Device device)
        => device.type != DeviceType.CPU || (inChannels % NativeChannelMultiple == 0 && outChannels % NativeChannelMultiple == 0);

    /// <summary>Applies <paramref name="conv"/> (groups 1, dilation 1, no bias, zero padding) to <c>[batch, channels, time]</c>.</summary>
    public static Tensor Forward(Conv1d conv, Tensor input, ScalarType? computeType = null)
    {
        if (computeType is { } type && (type != input.dtype || type != conv.weight!.dtype))
        {
            // Mixed precision: the convolution runs in the compute type; the casts are differentiable, so the float32
            // weight receives its gradient through them.
            using var scope = NewDisposeScope();
            return Route(conv, input.to(type), conv.weight!.to(type)).to(input.dtype).MoveToOuterDisposeScope();
        }
        return Route(conv, input, conv.weight!);
    }

    private static Tensor Route(Conv1d conv, Tensor input, Tensor weight)
    {
        bool pointwise = conv.kernel_size[0] == 1 && conv.padding![0] == 0;
        // Both defects are in the backward pass: a pass that records no gradient (inference) takes libtorch's own kernels.
        bool backward = torch.is_grad_enabled() && (input.requires_grad || weight.requires_grad);
        bool trusted = UsesNativeKernel(conv.in_channels, conv.out_channels, input.device);
        bool native = !backward || (!pointwise && trusted) || input.device.type != DeviceType.CPU;
        if (native) return ReferenceEquals(weight, conv.weight) ? conv.forward(input) : nn.functional.conv1d(input, weight, conv.bias, conv.stride[0], conv.padding![0], conv.dilation[0], conv.groups);
        if (conv.groups != 1 || conv.dilation[0] != 1 || conv.bias is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new NotSupportedException("The im2col convolution supports groups 1, dilation 1, zero padding and no bias only.");
        if (pointwise) return trusted ? SampledPointwise(input, weight, conv.stride[0]) : Pointwise(input, weight, conv.stride[0]);
        // The 12-lead stem: only its input channels are off the multiple, so split it into phases and pad those channels,
        // keeping libtorch's kernel (2.6× faster forward+backward than padding the 12 channels alone, at 12 × 1,000 samples).
        return conv.out_channels % NativeChannelMultiple == 0
            ? Polyphase(input, weight, conv.stride[0], conv.padding![0])
            : Apply(input, weight, conv.stride[0], conv.padding![0]);
    }

    /// <summary>
    /// A strided convolution as a stride-1 one over its input's phases, through libtorch's kernel at channel counts it
    /// computes exactly: with s = <paramref name="stride"/>, <c>y[t] = Σ_r Σ_m w[:, :, m·s + r] · x_pad[:, (t + m)·s + r]</c>,
    /// so the s phases <c>x_pad[:, r::s]</c> become s·C input channels (zero-padded to a multiple of 32) of a kernel of
    /// ⌈k / s⌉ taps, whose weight is <c>w[:, :, r::s]</c> per phase. The stem (12 leads, kernel 15, stride 2) becomes 32
    /// channels × 8 taps instead of 12 padded to 32 × 15. Gradients flow back through the slices and pads to the real weight.
    /// </summary>
    internal static Tensor Polyphase(Tensor input, Tensor weight, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        long channels = weight.shape[1], kernel = weight.shape[2], length = input.shape[2];
        long outLength = (length + 2 * padding - kernel) / stride + 1;
        long taps = (kernel + stride - 1) / stride, phaseLength = outLength - 1 + taps;
        // Zero padding on the left as the convolution's; on the right, whatever makes s equal phases (positions past the
        // last tap a valid output reads meet zero weights only; positions no output reads are cut off).
        long right = phaseLength * stride - length - padding;
        var padded = right >= 0
            ? nn.functional.pad(input, [padding, right])
            : nn.functional.pad(input, [padding, 0])[.., .., TensorIndex.Slice(0, phaseLength * stride)];
        var phases = new Tensor[stride];
        var phaseWeights = new Tensor[stride];
        for (long r = 0; r < stride; r++)
        {
            phases[r] = padded[.., .., TensorIndex.Slice(r, null, stride)];
            var w = weight[.., .., TensorIndex.Slice(r, null, stride)];
            phaseWeights[r] = w.shape[2] < taps ? nn.functional.pad(w, [0, taps - w.shape[2]]) : w;
        }
        long split = stride * channels, target = (split + NativeChannelMultiple - 1) / NativeChannelMultiple * NativeChannelMultiple;
        var x = nn.functional.pad(cat(phases, 1), [0, 0, 0, target - split]);
        var kernelWeight = nn.functional.pad(cat(phaseWeights, 1), [0, 0, 0, target - split]);
        return nn.functional.conv1d(x, kernelWeight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A kernel-1 convolution whose channel counts libtorch's kernel computes exactly: every <paramref name="stride"/>-th
    /// sample, copied contiguous, through the stride-1 1×1 kernel. oneDNN's strided 1×1 backward divides by zero on the
    /// ResNet-50 shortcut shapes (SIGFPE); its stride-1 one was exact on every shape of ResNet-18/50 at widths 32 and 64.
    /// </summary>
    internal static Tensor SampledPointwise(Tensor input, Tensor weight, long stride)
    {
        using var scope = NewDisposeScope();
        var sampled = stride == 1 ? input : input[.., .., TensorIndex.Slice(null, null, stride)].contiguous();
        return nn.functional.conv1d(sampled, weight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A kernel-1 convolution as what it is, a channel-mixing matrix product over every <paramref name="stride"/>-th sample,
    /// for channel counts libtorch's kernel does not compute exactly.
    /// </summary>
    internal static Tensor Pointwise(Tensor input, Tensor weight, long stride)
    {
        using var scope = NewDisposeScope();
        var sampled = stride == 1 ? input : input[.., .., TensorIndex.Slice(null, null, stride)];
        return weight.reshape(weight.shape[0], weight.shape[1]).matmul(sampled).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>y[b, o, t] = Σ_c Σ_j w[o, c, j] · x_pad[b, c, t·stride + j]</c> as one matrix product over unfolded windows.
    /// </summary>
    internal static Tensor Apply(Tensor input, Tensor weight, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        long outChannels = weight.shape[0], inChannels = weight.shape[1], kernel = weight.shape[2];
        var padded = padding > 0 ? nn.functional.pad(input, [padding, padding]) : input;
        // [B, C, T', k] → [B, T', C·k]: the row order (c, j) matches weight.reshape(O, C·k).
        var windows = padded.unfold(2, kernel, stride).permute(0, 2, 1, 3).reshape(input.shape[0], -1, inChannels * kernel);
        var output = windows.matmul(weight.reshape(outChannels, inChannels * kernel).t());
        return output.permute(0, 2, 1).contiguous().MoveToOuterDisposeScope();
    }
}
