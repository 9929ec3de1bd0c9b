using FgClep.Modeling;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Transforms;

/// <summary>
/// A trained CLEP / FG-CLEP model as an ML.NET transformer: adds the frozen ECG embedding column
/// (known-size Single vector of <see cref="FgClepModel.EmbeddingSize"/>) computed from the signal column.
/// </summary>
/// <remarks>
/// ML.NET's native model saving is internal to ML.NET's own assemblies, so <c>mlContext.Model.Save</c> cannot store this
/// transformer; save it with <see cref="Save(string)"/> (a versioned FgClep package) and load it with <see cref="Load(string, string, string)"/>.
/// </remarks>
public sealed class FgClepTransformer : ITransformer, IDisposable
{
    private readonly ITransformer _mapping;

    /// <summary>Wraps <paramref name="model"/>; the transformer owns it and disposes it.</summary>
    public FgClepTransformer(FgClepModel model, string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding")
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        SignalColumnName = signalColumnName;
        OutputColumnName = outputColumnName;
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        // CustomMapping is a trivial estimator: fitting it reads no data.
        _mapping = EcgEmbeddingMapping.Create(signalColumnName, SignalLength, outputColumnName, model.EmbeddingSize, model)
            .Fit(EcgEmbeddingMapping.EmptyInput(signalColumnName, SignalLength));
    }

    /// <summary>The model (network, tokenizer, preprocessing).</summary>
    public FgClepModel Model { get; }

    /// <summary>Input column of preprocessed signals.</summary>
    public string SignalColumnName { get; }

    /// <summary>Output embedding column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Length of the signal vector: leads × samples of the model's preprocessing.</summary>
    public int SignalLength { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        EcgEmbeddingMapping.CheckSignalColumn(inputSchema, SignalColumnName, SignalLength);
        return _mapping.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        EcgEmbeddingMapping.CheckSignalColumn(input.Schema, SignalColumnName, SignalLength);
        return _mapping.Transform(input);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        EcgEmbeddingMapping.CheckSignalColumn(inputSchema, SignalColumnName, SignalLength);
        return _mapping.GetRowToRowMapper(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively. Save the FgClep model with FgClepTransformer.Save(path) " +
        "(or FgClepModel.Save) and load it with FgClepTransformer.Load(path).");

    /// <summary>Saves the model as a versioned FgClep package.</summary>
    public void Save(string path) => Model.Save(path);

    /// <summary>Loads a transformer from an FgClep package written by <see cref="Save(string)"/>.</summary>
    public static FgClepTransformer Load(string path, string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding") =>
        new(FgClepModel.Load(path), signalColumnName, outputColumnName);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
