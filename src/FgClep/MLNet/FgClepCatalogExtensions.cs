using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>FG-CLEP estimators on <c>mlContext.Transforms</c>.</summary>
public static class FgClepCatalogExtensions
{
    /// <summary>
    /// Pre-trains CLEP on (Signal, Report) pairs, or FG-CLEP when <see cref="FgClepPretrainOptions.InitialModel"/> is the
    /// stage-1 model and <see cref="FgClepPretrainOptions.ReportColumnName"/> the fine-grained report column.
    /// </summary>
    public static FgClepPretrainEstimator PretrainFgClep(this TransformsCatalog catalog, FgClepPretrainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FgClepPretrainEstimator(options ?? new FgClepPretrainOptions());
    }

    /// <summary>
    /// Frozen ECG embeddings from a trained model, as an estimator so it chains with ML.NET trainers:
    /// <c>mlContext.Transforms.EmbedEcg(model).Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"))</c>.
    /// The returned estimator does not train; it hands back a transformer over a copy of <paramref name="model"/>'s model.
    /// </summary>
    public static FgClepEmbeddingEstimator EmbedEcg(this TransformsCatalog catalog, FgClepTransformer model,
        string signalColumnName = "Signal", string outputColumnName = "EcgEmbedding")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return new FgClepEmbeddingEstimator(model.Model, signalColumnName, outputColumnName);
    }
}
