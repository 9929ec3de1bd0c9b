using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Modeling;

#pragma warning disable IDE1006 // field names are the state-dict keys (PyTorch naming)

/// <summary>
/// Maps encoder features to the shared embedding space: one linear layer, or — with a hidden size — linear, GELU, linear.
/// The output is not normalised (the caller L2-normalises it).
/// </summary>
public sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear? hidden;
    private readonly Linear projection;

    /// <summary>Creates the head.</summary>
    /// <param name="inputSize">Width of the encoder features.</param>
    /// <param name="outputSize">Width of the shared embedding space.</param>
    /// <param name="hiddenSize">Width of an optional hidden layer; 0 for a single linear map.</param>
    public ProjectionHead(int inputSize, int outputSize = 256, int hiddenSize = 0) : base(nameof(ProjectionHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenSize);
        InputSize = inputSize;
        OutputSize = outputSize;
        HiddenSize = hiddenSize;
        if (hiddenSize > 0) hidden = nn.Linear(inputSize, hiddenSize);
        projection = nn.Linear(hiddenSize > 0 ? hiddenSize : inputSize, outputSize);
        RegisterComponents();
    }

    /// <summary>Width of the input features.</summary>
    public int InputSize { get; }

    /// <summary>Width of the output embedding.</summary>
    public int OutputSize { get; }

    /// <summary>Width of the hidden layer, or 0 when there is none.</summary>
    public int HiddenSize { get; }

    /// <summary>Projects <c>[batch, InputSize]</c> features to <c>[batch, OutputSize]</c>.</summary>
    /// <param name="input">Encoder features.</param>
    /// <returns>Unnormalised embeddings.</returns>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 1 || input.shape[^1] != InputSize)
            throw new ArgumentException($"Expected features [..., {InputSize}]; found [{string.Join(", ", input.shape)}].", nameof(input));
        using var scope = NewDisposeScope();
        var x = hidden is null ? input : nn.functional.gelu(hidden.forward(input));
        return projection.forward(x).MoveToOuterDisposeScope();
    }
}
