using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// The zero-shot output columns as an ML.NET CustomMapping that is never run: <see cref="ZeroShotEcgEstimator"/> reads its
/// output shape (ML.NET's <c>SchemaShape.Column</c> has no public constructor). Scoring is <see cref="ZeroShotBatchMapper"/>'s.
/// </summary>
internal static class ZeroShotEcgMapping
{
    internal sealed class ScoreRow
    {
        public float[] Score = Array.Empty<float>();
        public bool[] PredictedLabels = Array.Empty<bool>();
        public uint PredictedLabel;
    }

    private static readonly MLContext SchemaContext = new();

    /// <summary>The output shape of the zero-shot columns for <paramref name="inputSchema"/>.</summary>
    public static SchemaShape OutputShape(ZeroShotEcgOptions options, int signalLength, SchemaShape inputSchema)
    {
        int n = options.Classes.Count;
        var output = SchemaDefinition.Create(typeof(ScoreRow));
        var score = output[nameof(ScoreRow.Score)];
        var labels = output[nameof(ScoreRow.PredictedLabels)];
        var label = output[nameof(ScoreRow.PredictedLabel)];
        score.ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
        score.ColumnName = options.ScoreColumnName;
        labels.ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, n);
        labels.ColumnName = options.PredictedLabelsColumnName;
        label.ColumnType = new KeyDataViewType(typeof(uint), n);
        label.ColumnName = options.PredictedLabelColumnName;
        Action<EcgEmbeddingMapping.SignalRow, ScoreRow> never = (_, _) => throw new InvalidOperationException("This mapping only describes the schema.");
        return SchemaContext.Transforms.CustomMapping(never, contractName: null,
            EcgEmbeddingMapping.SignalSchema(options.SignalColumnName, signalLength), output).GetOutputSchema(inputSchema);
    }
}
