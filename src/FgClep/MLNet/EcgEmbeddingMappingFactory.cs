using FgClep.Inference;
using Microsoft.ML.Transforms;

namespace FgClep.MLNet;

/// <summary>
/// Recreates the embedding mapping when ML.NET loads a model zip saved through <see cref="FgClepMLNetModel.Save"/>.
/// ML.NET stores only this contract name, so the weights come from the zip's own FgClep entry, opened by
/// <see cref="FgClepMLNetModel.Load"/> before it calls <c>mlContext.Model.Load</c>.
/// </summary>
[CustomMappingFactoryAttribute(FgClepMLNetModel.EmbeddingContractName)]
public sealed class EcgEmbeddingMappingFactory : CustomMappingFactory<EcgSignalInput, EcgEmbeddingOutput>
{
    internal static readonly AsyncLocal<ClepEncoder?> LoadingModel = new();

    /// <inheritdoc />
    public override Action<EcgSignalInput, EcgEmbeddingOutput> GetMapping()
    {
        var model = LoadingModel.Value ?? throw new InvalidOperationException(
            $"This ML.NET model contains an FgClep embedding ('{FgClepMLNetModel.EmbeddingContractName}') whose weights ML.NET cannot load by itself. " +
            "Load it with FgClepMLNetModel.Load(mlContext, path, out schema).");
        return FgClepMLNetModel.Mapping(model);
    }
}
