using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// The row mapping behind <see cref="FgClepTransformer"/>: a CustomMapping from the signal column to the embedding column,
/// with column names and vector sizes set at run time. Using ML.NET's own CustomMapping gives lazy evaluation,
/// PredictionEngine support and ML.NET's own schema errors.
/// </summary>
internal static class EcgEmbeddingMapping
{
    internal sealed class SignalRow
    {
        public float[] Signal = Array.Empty<float>();
    }

    internal sealed class EmbeddingRow
    {
        public float[] Embedding = Array.Empty<float>();
    }

    internal sealed class ReportRow
    {
        public string Report = "";
    }

    private static readonly MLContext SchemaContext = new();

    /// <summary>The text side: report column → L2-normalised text embedding column; a schema-only mapping when <paramref name="model"/> is null.</summary>
    public static IEstimator<ITransformer> CreateText(string reportColumn, string outputColumn, int embeddingSize, ClepEncoder? model)
    {
        var output = SchemaDefinition.Create(typeof(EmbeddingRow));
        var embedding = output[nameof(EmbeddingRow.Embedding)];
        embedding.ColumnType = new VectorDataViewType(NumberDataViewType.Single, embeddingSize);
        embedding.ColumnName = outputColumn;
        Action<ReportRow, EmbeddingRow> map = model is null
            ? (_, _) => throw new InvalidOperationException("This mapping only describes the schema; fit the estimator first.")
            : (src, dst) => dst.Embedding = model.EmbedTexts(new[] { src.Report ?? "" })[0];
        return SchemaContext.Transforms.CustomMapping(map, contractName: null, ReportSchema(reportColumn), output);
    }

    /// <summary>The fitted text mapping (CustomMapping reads no data when fitted).</summary>
    public static ITransformer CreateFittedText(string reportColumn, string outputColumn, ClepEncoder model) =>
        CreateText(reportColumn, outputColumn, model.EmbeddingSize, model)
            .Fit(SchemaContext.Data.LoadFromEnumerable(Array.Empty<ReportRow>(), ReportSchema(reportColumn)));

    private static SchemaDefinition ReportSchema(string reportColumn)
    {
        var input = SchemaDefinition.Create(typeof(ReportRow));
        input[nameof(ReportRow.Report)].ColumnName = reportColumn;
        return input;
    }

    public static IEstimator<ITransformer> Create(string signalColumn, int signalLength, string outputColumn, int embeddingSize, ClepEncoder? model)
    {
        var input = SignalSchema(signalColumn, signalLength);
        var output = SchemaDefinition.Create(typeof(EmbeddingRow));
        var embedding = output[nameof(EmbeddingRow.Embedding)]; // the indexer looks up by column name, so keep the reference
        embedding.ColumnType = new VectorDataViewType(NumberDataViewType.Single, embeddingSize);
        embedding.ColumnName = outputColumn;

        Action<SignalRow, EmbeddingRow> map = model is null
            ? (_, _) => throw new InvalidOperationException("This mapping only describes the schema; fit the estimator first.")
            : (src, dst) => dst.Embedding = model.EmbedSignals(new[] { src.Signal })[0];
        return SchemaContext.Transforms.CustomMapping(map, contractName: null, input, output);
    }

    /// <summary>An empty data view with just the signal column, for fitting the (trivial) mapping.</summary>
    public static IDataView EmptyInput(string signalColumn, int signalLength) =>
        SchemaContext.Data.LoadFromEnumerable(Array.Empty<SignalRow>(), SignalSchema(signalColumn, signalLength));

    internal static SchemaDefinition SignalSchema(string signalColumn, int signalLength)
    {
        var input = SchemaDefinition.Create(typeof(SignalRow));
        var signal = input[nameof(SignalRow.Signal)];
        signal.ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalLength);
        signal.ColumnName = signalColumn;
        return input;
    }
}
