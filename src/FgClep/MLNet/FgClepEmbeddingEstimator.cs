using FgClep.Inference;
using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>A trivial estimator (no training) that adds frozen ECG embeddings from an existing model.</summary>
public sealed class FgClepEmbeddingEstimator : IEstimator<FgClepTransformer>
{
    private readonly ClepEncoder _model;
    private readonly string _signalColumnName;
    private readonly string _outputColumnName;

    /// <summary>Creates the estimator over <paramref name="model"/> (each Fit gets its own copy).</summary>
    public FgClepEmbeddingEstimator(ClepEncoder model, string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding")
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _signalColumnName = signalColumnName;
        _outputColumnName = outputColumnName;
    }

    /// <inheritdoc />
    public FgClepTransformer Fit(IDataView input)
    {
        var transformer = new FgClepTransformer(_model.Clone(), _signalColumnName, _outputColumnName);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        int length = _model.Preprocessing.Leads.Count * _model.Preprocessing.SampleCount;
        var signal = inputSchema.FirstOrDefault(c => c.Name == _signalColumnName);
        if (signal.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find signal column '{_signalColumnName}'");
        return EcgEmbeddingMapping.Create(_signalColumnName, length, _outputColumnName, _model.EmbeddingSize, model: null).GetOutputSchema(inputSchema);
    }
}
