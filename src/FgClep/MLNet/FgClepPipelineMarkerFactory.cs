using Microsoft.ML.Transforms;

namespace FgClep.MLNet;

/// <summary>
/// The mapping ML.NET finds at the top of a zip written by <c>SaveWithFgClep</c>. Its contract name is the instruction to
/// load the zip with <c>LoadWithFgClep</c>: a plain <c>mlContext.Model.Load</c> fails on it, naming that call whether or not
/// the FgClep assembly is registered with ML.NET's component catalog.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FgClepPipelineMarkerFactory : CustomMappingFactory<FgClepPipelineMarkerFactory.Input, FgClepPipelineMarkerFactory.Output>
{
    /// <summary>The contract name stored in the zip.</summary>
    public const string ContractName = "This is an FgClep pipeline: load it with mlContext.Model.LoadWithFgClep(path, out inputSchema) (using FgClep.MLNet)";

    /// <summary>Nothing is read.</summary>
    public sealed class Input
    {
    }

    /// <summary>A placeholder column, never computed.</summary>
    public sealed class Output
    {
        /// <summary>Placeholder.</summary>
        public bool FgClepPipeline { get; set; }
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => throw new InvalidOperationException(ContractName + ".");
}
