using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;

namespace FgClep.Modeling;

/// <summary>
/// The state-dict names and tensor shapes a <see cref="ClepModel"/> of given options has, computed without building it,
/// so that a model file's configuration can be checked against its weights before anything of the configured size is allocated.
/// </summary>
internal static class ClepModelShapes
{
    /// <summary>Largest width or vocabulary accepted from a file (about a million).</summary>
    public const long MaxDimension = 1 << 20;

    /// <summary>Largest layer count accepted from a file.</summary>
    public const int MaxLayers = 1024;

    /// <summary>Every state-dict entry of the model the options describe, in no particular order.</summary>
    /// <remarks>Each width is bounded here; the total is bounded by comparing these shapes with a weights file of bounded size.</remarks>
    /// <exception cref="ArgumentException">An option is out of range, or the sizes are inconsistent.</exception>
    public static Dictionary<string, long[]> Expected(ClepModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckBounds(options);
        options.Text.Validate();
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var ecgWidth = AddResNet(shapes, "ecg_encoder.", options.Ecg);
        AddLinear(shapes, "ecg_projection.projection.", ecgWidth, options.ProjectionSize);
        AddBert(shapes, "text_encoder.", options.Text);
        AddLinear(shapes, "text_projection.projection.", options.Text.HiddenSize, options.ProjectionSize);
        shapes["logit_scale"] = [];
        shapes["logit_bias"] = [];
        return shapes;
    }

    private static void CheckBounds(ClepModelOptions o)
    {
        static void Dimension(string name, long value)
        {
            if (value < 1 || value > MaxDimension)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 1 and {MaxDimension}; found {value}.");
        }
        Dimension("Ecg.InputChannels", o.Ecg.InputChannels);
        Dimension("Ecg.BaseWidth", o.Ecg.BaseWidth);
        if (o.Ecg.BaseWidth > MaxDimension / 32) // the widest stage is 8× (×4 with bottlenecks)
            throw new ArgumentOutOfRangeException("Ecg.BaseWidth", o.Ecg.BaseWidth, $"Ecg.BaseWidth must be at most {MaxDimension / 32}; found {o.Ecg.BaseWidth}.");
        Dimension("Ecg.FirstKernelSize", o.Ecg.FirstKernelSize);
        Dimension("Ecg.KernelSize", o.Ecg.KernelSize);
        Dimension("ProjectionSize", o.ProjectionSize);
        Dimension("Text.VocabSize", o.Text.VocabSize);
        Dimension("Text.HiddenSize", o.Text.HiddenSize);
        Dimension("Text.IntermediateSize", o.Text.IntermediateSize);
        Dimension("Text.MaxPositionEmbeddings", o.Text.MaxPositionEmbeddings);
        Dimension("Text.TypeVocabSize", o.Text.TypeVocabSize);
        if (o.Text.NumHiddenLayers < 0 || o.Text.NumHiddenLayers > MaxLayers)
            throw new ArgumentOutOfRangeException("Text.NumHiddenLayers", o.Text.NumHiddenLayers, $"Text.NumHiddenLayers must be between 0 and {MaxLayers}; found {o.Text.NumHiddenLayers}.");
        if (o.Ecg.KernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException("Ecg.KernelSize", o.Ecg.KernelSize, "Ecg.KernelSize must be odd.");
    }

    /// <returns>The width of the pooled output.</returns>
    private static long AddResNet(Dictionary<string, long[]> shapes, string prefix, ResNet1dOptions options)
    {
        var (bottleneck, blocks) = ResNet1dBlockLayout.For(options.Depth);
        long w = options.BaseWidth, k = options.KernelSize;
        shapes[prefix + "conv1.weight"] = [w, options.InputChannels, options.FirstKernelSize];
        AddBatchNorm(shapes, prefix + "bn1.", w);
        var channels = w;
        for (var stage = 0; stage < 4; stage++)
        {
            var width = w << stage;
            for (var i = 0; i < blocks[stage]; i++)
            {
                var block = $"{prefix}layer{stage + 1}.{i}.";
                var stride = i == 0 && stage > 0 ? 2 : 1;
                long output;
                if (bottleneck)
                {
                    output = width * ResNet1dBottleneckBlock.Expansion;
                    shapes[block + "conv1.weight"] = [width, channels, 1];
                    AddBatchNorm(shapes, block + "bn1.", width);
                    shapes[block + "conv2.weight"] = [width, width, k];
                    AddBatchNorm(shapes, block + "bn2.", width);
                    shapes[block + "conv3.weight"] = [output, width, 1];
                    AddBatchNorm(shapes, block + "bn3.", output);
                }
                else
                {
                    output = width * ResNet1dBasicBlock.Expansion;
                    shapes[block + "conv1.weight"] = [width, channels, k];
                    AddBatchNorm(shapes, block + "bn1.", width);
                    shapes[block + "conv2.weight"] = [width, width, k];
                    AddBatchNorm(shapes, block + "bn2.", width);
                }
                if (stride != 1 || channels != output)
                {
                    shapes[block + "downsample.0.weight"] = [output, channels, 1];
                    AddBatchNorm(shapes, block + "downsample.1.", output);
                }
                channels = output;
            }
        }
        return channels;
    }

    private static void AddBert(Dictionary<string, long[]> shapes, string prefix, BertConfig c)
    {
        long h = c.HiddenSize;
        shapes[prefix + "embeddings.word_embeddings.weight"] = [c.VocabSize, h];
        shapes[prefix + "embeddings.position_embeddings.weight"] = [c.MaxPositionEmbeddings, h];
        shapes[prefix + "embeddings.token_type_embeddings.weight"] = [c.TypeVocabSize, h];
        AddLayerNorm(shapes, prefix + "embeddings.LayerNorm.", h);
        for (var i = 0; i < c.NumHiddenLayers; i++)
        {
            var layer = $"{prefix}encoder.layer.{i}.";
            foreach (var name in new[] { "query", "key", "value" }) AddLinear(shapes, $"{layer}attention.self.{name}.", h, h);
            AddLinear(shapes, layer + "attention.output.dense.", h, h);
            AddLayerNorm(shapes, layer + "attention.output.LayerNorm.", h);
            AddLinear(shapes, layer + "intermediate.dense.", h, c.IntermediateSize);
            AddLinear(shapes, layer + "output.dense.", c.IntermediateSize, h);
            AddLayerNorm(shapes, layer + "output.LayerNorm.", h);
        }
    }

    private static void AddLinear(Dictionary<string, long[]> shapes, string prefix, long input, long output)
    {
        shapes[prefix + "weight"] = [output, input];
        shapes[prefix + "bias"] = [output];
    }

    private static void AddLayerNorm(Dictionary<string, long[]> shapes, string prefix, long width)
    {
        shapes[prefix + "weight"] = [width];
        shapes[prefix + "bias"] = [width];
    }

    private static void AddBatchNorm(Dictionary<string, long[]> shapes, string prefix, long width)
    {
        shapes[prefix + "weight"] = [width];
        shapes[prefix + "bias"] = [width];
        shapes[prefix + "running_mean"] = [width];
        shapes[prefix + "running_var"] = [width];
        shapes[prefix + "num_batches_tracked"] = [];
    }
}
