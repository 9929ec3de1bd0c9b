using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>The stack of transformer layers (<c>encoder.layer.N</c>).</summary>
internal sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>The layers, lowest first.</summary>
    public ModuleList<BertLayer> Layers => layer;

    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        if (layer.Count == 0) return hidden;
        using var scope = NewDisposeScope();
        var x = hidden;
        foreach (var l in layer) x = l.forward(x, additiveMask);
        return x.MoveToOuterDisposeScope();
    }
}
