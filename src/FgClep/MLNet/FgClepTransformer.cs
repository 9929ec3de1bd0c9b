using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// A trained CLEP / FG-CLEP model as an ML.NET transformer: adds the frozen ECG embedding column
/// (known-size Single vector of <see cref="ClepEncoder.EmbeddingSize"/>) computed from the signal column.
/// </summary>
/// <remarks>
/// ML.NET's native model saving is internal to ML.NET's own assemblies, so <c>mlContext.Model.Save</c> cannot store this
/// transformer. A pipeline that holds it saves with <c>mlContext.Model.SaveWithFgClep</c>
/// (<see cref="FgClepModelOperationsExtensions"/>); the model alone with <see cref="Save(string)"/> (a versioned FgClep
/// package) and <see cref="Load(string, string, string)"/>.
/// </remarks>
public sealed class FgClepTransformer : ITransformer, IDisposable
{
    private readonly ITransformer _mapping;
    private readonly ITransformer? _textMapping;

    /// <summary>Wraps <paramref name="model"/>; the transformer owns it and disposes it.</summary>
    /// <param name="model">The model.</param>
    /// <param name="signalColumnName">Input column of preprocessed signals.</param>
    /// <param name="outputColumnName">Output column of ECG embeddings.</param>
    /// <param name="reportColumnName">When set, this text column is embedded too, into <paramref name="textOutputColumnName"/>.</param>
    /// <param name="textOutputColumnName">Output column of report embeddings (used with <paramref name="reportColumnName"/>).</param>
    public FgClepTransformer(ClepEncoder model, string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding",
        string? reportColumnName = null, string textOutputColumnName = "TextEmbedding")
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        SignalColumnName = signalColumnName;
        OutputColumnName = outputColumnName;
        ReportColumnName = reportColumnName;
        TextOutputColumnName = reportColumnName is null ? null : textOutputColumnName;
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        // CustomMapping is a trivial estimator: fitting it reads no data.
        var ecg = EcgEmbeddingMapping.Create(signalColumnName, SignalLength, outputColumnName, model.EmbeddingSize, model)
            .Fit(EcgEmbeddingMapping.EmptyInput(signalColumnName, SignalLength));
        _textMapping = reportColumnName is null ? null : EcgEmbeddingMapping.CreateFittedText(reportColumnName, textOutputColumnName, model);
        _mapping = _textMapping is null ? ecg : new TransformerChain<ITransformer>(ecg, _textMapping);
    }

    /// <summary>The model (network, tokenizer, preprocessing).</summary>
    public ClepEncoder Model { get; }

    /// <summary>Input column of preprocessed signals.</summary>
    public string SignalColumnName { get; }

    /// <summary>Output embedding column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Text column embedded into <see cref="TextOutputColumnName"/>, or null.</summary>
    public string? ReportColumnName { get; }

    /// <summary>Output column of report embeddings, or null when no report column is embedded.</summary>
    public string? TextOutputColumnName { get; }

    /// <summary>Length of the signal vector: leads × samples of the model's preprocessing.</summary>
    public int SignalLength { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return _mapping.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        // Batched: the ECGs of a batch are embedded in one model call (the row mapper below serves PredictionEngine).
        var embedded = new SignalBatchDataView(input, new EcgEmbeddingBatchMapper(Model, SignalColumnName, OutputColumnName));
        return _textMapping is null ? embedded : _textMapping.Transform(embedded);
    }

    private void CheckInput(DataViewSchema schema)
    {
        SignalColumn.Check(schema, SignalColumnName, SignalLength);
        if (ReportColumnName is null) return;
        var report = schema.GetColumnOrNull(ReportColumnName)
                     ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find report column '{ReportColumnName}'");
        if (report.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for report column '{ReportColumnName}': expected String, got {report.Type}");
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return _mapping.GetRowToRowMapper(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively. Save the pipeline with mlContext.Model.SaveWithFgClep(model, schema, path) " +
        "and load it with mlContext.Model.LoadWithFgClep(path, out schema), or the model alone with FgClepTransformer.Save(path).");

    /// <summary>Saves the model as a versioned FgClep package.</summary>
    public void Save(string path) => Model.Save(path);

    /// <summary>Loads a transformer from an FgClep package written by <see cref="Save(string)"/>.</summary>
    public static FgClepTransformer Load(string path, string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding") =>
        new(ClepEncoder.Load(path), signalColumnName, outputColumnName);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
