using System.Text.RegularExpressions;
using FgClep.Modeling.Ecg;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Benchmarks;

/// <summary>
/// Lists a <see cref="ResNet1d"/>'s convolutions with the input and output lengths they see for a given input length,
/// following the network's structure (stem convolution, max-pool, then per residual block: the main-path convolutions
/// in turn, the shortcut on the block's input). Each length step is taken by running that one module on a one-sample
/// probe of zeros, so stride, padding and dilation need no formula here. (TorchSharp forward hooks would be simpler but
/// do not fire when a module calls its children's <c>forward</c> directly, as ResNet1d does.)
/// </summary>
internal static partial class ConvFlopCounter
{
    public static List<ConvLayer> Layers(ResNet1d net, int length)
    {
        var layers = new List<ConvLayer>();
        long current = length, blockInput = 0;
        string? block = null;
        using var noGrad = no_grad();
        foreach (var (name, module) in net.named_modules())
        {
            if (name == "maxpool" && module is MaxPool1d pool)
            {
                using var probe = zeros(1, layers[^1].OutChannels, current);
                using var output = pool.forward(probe);
                current = output.shape[2];
                continue;
            }
            if (module is not Conv1d conv) continue;
            var match = BlockConvolution().Match(name);
            long input;
            if (name == "conv1") input = current;
            else if (match.Success)
            {
                if (match.Groups["block"].Value != block) { block = match.Groups["block"].Value; blockInput = current; }
                input = match.Groups["conv"].Value is "conv1" or "downsample.0" ? blockInput : current;
            }
            else throw new InvalidOperationException($"Unexpected convolution '{name}' in {nameof(ResNet1d)}; the FLOP counter follows its structure.");

            var w = conv.weight!.shape; // [Cout, Cin/groups, K]
            using (var probe = zeros(1, conv.in_channels, input))
            using (var output = conv.forward(probe))
            {
                layers.Add(new ConvLayer(name, conv, conv.in_channels, w[0], w[2], input, output.shape[2]));
                // The shortcut is registered after the main path, so it must match the block's output length.
                if (!name.EndsWith("downsample.0", StringComparison.Ordinal)) current = output.shape[2];
                else if (output.shape[2] != current)
                    throw new InvalidOperationException($"Shortcut '{name}' gives length {output.shape[2]}, the main path {current}.");
            }
        }
        return layers;
    }

    [GeneratedRegex(@"^(?<block>layer\d+\.\d+)\.(?<conv>conv\d+|downsample\.0)$")]
    private static partial Regex BlockConvolution();
}
