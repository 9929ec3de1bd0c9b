using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// A BERT encoder (embeddings + post-layer-norm transformer layers, exact GELU) whose parameter names are the
/// Hugging Face <c>BertModel</c> state-dict keys, so <see cref="BertCheckpoint"/> can load any BERT checkpoint.
/// It maps <c>(input_ids [B, L] int64, attention_mask [B, L] int64)</c> to one pooled vector per text <c>[B, HiddenSize]</c>.
/// BERT's pooler layer is not part of it (the pooling is <see cref="TextPooling"/>).
/// </summary>
public sealed class BertTextEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly TextPooling pooling;

    /// <summary>Builds a randomly initialised encoder (normal(0, initializer_range) weights, as Hugging Face does).</summary>
    /// <param name="config">Sizes; checked for consistency.</param>
    /// <param name="pooling">How token states become one vector.</param>
    public BertTextEncoder(BertConfig config, TextPooling pooling = TextPooling.Mean) : base(nameof(BertTextEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        this.pooling = pooling;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The configuration the encoder was built with.</summary>
    public BertConfig Config { get; }

    /// <summary>Width of the pooled output.</summary>
    public int HiddenSize => Config.HiddenSize;

    /// <summary>The pooling this encoder applies.</summary>
    public TextPooling Pooling => pooling;

    /// <summary>Encodes a token batch to one vector per row.</summary>
    /// <param name="inputIds">Token ids <c>[batch, length]</c>, int64, each below <see cref="BertConfig.VocabSize"/>.</param>
    /// <param name="attentionMask"><c>[batch, length]</c>: 1 for real tokens, 0 for padding.</param>
    /// <returns>Pooled hidden states <c>[batch, HiddenSize]</c>.</returns>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = LastHiddenState(inputIds, attentionMask);
        var pooled = pooling switch
        {
            TextPooling.Cls => hidden.select(1, 0),
            _ => MeanPool(hidden, attentionMask),
        };
        return pooled.MoveToOuterDisposeScope();
    }

    /// <summary>Per-token hidden states of the last layer <c>[batch, length, HiddenSize]</c>.</summary>
    internal Tensor LastHiddenState(Tensor inputIds, Tensor attentionMask)
    {
        CheckInputs(inputIds, attentionMask);
        using var scope = NewDisposeScope();
        var hidden = embeddings.forward(inputIds);
        var additive = AdditiveMask(attentionMask, hidden.dtype);
        return encoder.forward(hidden, additive).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Freezes the embeddings and the lowest <paramref name="layerCount"/> transformer layers (no gradient) and makes every
    /// other parameter trainable. 0 unfreezes everything.
    /// </summary>
    /// <param name="layerCount">How many layers, from the bottom, to freeze (0 … NumHiddenLayers).</param>
    public void FreezeLowerLayers(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layerCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layerCount, Config.NumHiddenLayers);
        foreach (var (_, p) in named_parameters()) p.requires_grad = layerCount == 0;
        if (layerCount == 0) return;
        var layers = encoder.Layers;
        for (var i = layerCount; i < layers.Count; i++)
            foreach (var p in layers[i].parameters()) p.requires_grad = true;
    }

    /// <summary>0 where the mask is set, a large negative number (finite, so fully masked rows cannot turn into NaN) elsewhere.</summary>
    internal static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        var negative = dtype == ScalarType.Float16 ? -1e4 : -1e9;
        using var scope = NewDisposeScope();
        var keep = attentionMask.to(dtype).view(attentionMask.shape[0], 1, 1, attentionMask.shape[1]);
        return keep.neg().add_(1).mul_(negative).MoveToOuterDisposeScope();
    }

    private static Tensor MeanPool(Tensor hidden, Tensor attentionMask)
    {
        var mask = attentionMask.to(hidden.dtype).unsqueeze(-1);
        var count = mask.sum(1).clamp_min(1.0);
        return hidden.mul(mask).sum(1).div_(count);
    }

    private void CheckInputs(Tensor inputIds, Tensor attentionMask)
    {
        if (inputIds.dim() != 2)
            throw new ArgumentException($"input_ids must be [batch, length]; found [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        if (!inputIds.shape.SequenceEqual(attentionMask.shape))
            throw new ArgumentException(
                $"attention_mask [{string.Join(", ", attentionMask.shape)}] does not match input_ids [{string.Join(", ", inputIds.shape)}].",
                nameof(attentionMask));
        if (inputIds.shape[1] > Config.MaxPositionEmbeddings)
            throw new ArgumentException(
                $"Sequence length {inputIds.shape[1]} exceeds max_position_embeddings {Config.MaxPositionEmbeddings}.", nameof(inputIds));
        if (inputIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"input_ids must be int64; found {inputIds.dtype}.", nameof(inputIds));
        if (inputIds.numel() == 0) return;
        var (min, max) = (inputIds.min().item<long>(), inputIds.max().item<long>());
        if (min < 0 || max >= Config.VocabSize)
            throw new ArgumentException(
                $"input_ids must lie in [0, {Config.VocabSize}) (vocab_size); found values from {min} to {max}.", nameof(inputIds));
    }

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0, Config.InitializerRange);
                    if (linear.bias is { } bias) nn.init.zeros_(bias);
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight!, 0, Config.InitializerRange);
                    break;
                case LayerNorm norm:
                    nn.init.ones_(norm.weight!);
                    nn.init.zeros_(norm.bias!);
                    break;
            }
        }
    }
}
