using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Ecg;

/// <summary>
/// Runs a bias-free <see cref="Conv1d"/> of the ECG encoder. On the CPU, channel counts that are not multiples of 32 go through
/// an explicit im2col (unfold + matrix product) instead of libtorch's oneDNN kernel, and kernel-1 convolutions through a
/// channel matrix product (see <see cref="Pointwise"/>).
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
        // Both defects are in the backward pass: a pass that records no gradient (inference) takes libtorch's own kernels,
        // which are faster (the 12-lead stem 3.8×, the shortcuts 1.9× at batch 64 on this CPU; see the peer benchmark).
        bool backward = torch.is_grad_enabled() && (input.requires_grad || weight.requires_grad);
        bool native = !backward || (pointwise ? input.device.type != DeviceType.CPU : UsesNativeKernel(conv.in_channels, conv.out_channels, input.device));
        if (native) return ReferenceEquals(weight, conv.weight) ? conv.forward(input) : nn.functional.conv1d(input, weight, conv.bias, conv.stride[0], conv.padding![0], conv.dilation[0], conv.groups);
        if (conv.groups != 1 || conv.dilation[0] != 1 || conv.bias is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new NotSupportedException("The im2col convolution supports groups 1, dilation 1, zero padding and no bias only.");
        if (pointwise) return Pointwise(input, weight, conv.stride[0]);
        // The 12-lead stem: only its input channels are off the multiple, so pad them with zeros and keep libtorch's kernel
        // (2.3× faster forward+backward than im2col at 12 × 5,000 samples, 1.1× at 12 × 1,000).
        return conv.out_channels % NativeChannelMultiple == 0
            ? ChannelPadded(input, weight, conv.stride[0], conv.padding![0])
            : Apply(input, weight, conv.stride[0], conv.padding![0]);
    }

    /// <summary>
    /// The convolution through libtorch's kernel with the input channels (and the weight's) zero-padded to a multiple of 32,
    /// where every channel count is one the kernel computes exactly; the padded weight's gradient flows back to the real one.
    /// </summary>
    internal static Tensor ChannelPadded(Tensor input, Tensor weight, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        long channels = weight.shape[1], target = (channels + NativeChannelMultiple - 1) / NativeChannelMultiple * NativeChannelMultiple;
        var x = nn.functional.pad(input, [0, 0, 0, target - channels]);
        var w = nn.functional.pad(weight, [0, 0, 0, target - channels]);
        return nn.functional.conv1d(x, w, stride: stride, padding: padding).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A kernel-1 convolution as what it is, a channel-mixing matrix product over every <paramref name="stride"/>-th sample.
    /// On the CPU this also avoids oneDNN's strided 1×1 backward, whose set-up divides by zero (SIGFPE, the process dies)
    /// for the ResNet-50 shortcut shapes (e.g. 128 → 256 channels, stride 2).
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
