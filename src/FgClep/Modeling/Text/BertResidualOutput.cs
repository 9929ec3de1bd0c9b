using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// Dense projection, dropout, residual add and post layer norm: BERT's <c>attention.output</c> and <c>output</c> sub-layers.
/// </summary>
internal sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm layer_norm;
    private readonly Dropout dropout;

    public BertResidualOutput(int inputSize, BertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="input">The sub-layer's output before projection.</param>
    /// <param name="residual">The sub-layer's input.</param>
    public override Tensor forward(Tensor input, Tensor residual)
    {
        using var scope = NewDisposeScope();
        var x = dropout.forward(dense.forward(input)).add_(residual);
        return layer_norm.forward(x).MoveToOuterDisposeScope();
    }
}
