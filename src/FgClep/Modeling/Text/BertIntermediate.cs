using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>The feed-forward expansion: dense to the intermediate width and the configured activation.</summary>
internal sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly Func<Tensor, Tensor> activation;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = ResolveActivation(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return activation(dense.forward(hidden)).MoveToOuterDisposeScope();
    }

    /// <summary>Maps a Hugging Face <c>hidden_act</c> name to the function.</summary>
    internal static Func<Tensor, Tensor> ResolveActivation(string name) => name switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => x => nn.functional.gelu(x, GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        _ => throw new NotSupportedException($"hidden_act \"{name}\" is not supported; use gelu, gelu_new, gelu_pytorch_tanh or relu."),
    };
}
