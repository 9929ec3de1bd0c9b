using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>Multi-head scaled dot-product self-attention (query/key/value projections).</summary>
internal sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int heads;
    private readonly double attentionDropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        attentionDropout = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <param name="hidden"><c>[batch, length, hidden]</c>.</param>
    /// <param name="additiveMask"><c>[batch, 1, 1, length]</c>: 0 on real tokens, a large negative number on padding.</param>
    /// <returns>The attended values <c>[batch, length, hidden]</c>.</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var (b, l, h) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        Tensor Split(Linear projection) => projection.forward(hidden).view(b, l, heads, h / heads).transpose(1, 2);
        var context = nn.functional.scaled_dot_product_attention(
            Split(query), Split(key), Split(value), additiveMask, training ? attentionDropout : 0.0, false);
        return context.transpose(1, 2).reshape(b, l, h).MoveToOuterDisposeScope();
    }
}
