using FgClep.Evaluation;
using FgClep.Modeling;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Transforms;

/// <summary>
/// The row mapping behind <see cref="ZeroShotEcgTransformer"/>: an ML.NET CustomMapping from the signal column to the
/// score, multi-label and argmax columns, with names, sizes and slot names set at run time (lazy, PredictionEngine-ready).
/// </summary>
internal static class ZeroShotEcgMapping
{
    internal sealed class ScoreRow
    {
        public float[] Score = Array.Empty<float>();
        public bool[] PredictedLabels = Array.Empty<bool>();
        public string PredictedLabel = "";
    }

    private static readonly MLContext SchemaContext = new();

    /// <summary>The mapping; with a null <paramref name="model"/> it only describes the output schema.</summary>
    public static IEstimator<ITransformer> Create(ZeroShotEcgOptions options, int signalLength, FgClepModel? model, ZeroShotClassifier? classifier)
    {
        var names = options.Classes.Select(c => c.Name).ToArray();
        var slotNames = new VBuffer<ReadOnlyMemory<char>>(names.Length, names.Select(n => n.AsMemory()).ToArray());
        var slotNamesType = new VectorDataViewType(TextDataViewType.Instance, names.Length);

        var output = SchemaDefinition.Create(typeof(ScoreRow));
        var score = output[nameof(ScoreRow.Score)];
        score.ColumnType = new VectorDataViewType(NumberDataViewType.Single, names.Length);
        score.ColumnName = options.ScoreColumnName;
        score.AddAnnotation("SlotNames", slotNames, slotNamesType);
        var labels = output[nameof(ScoreRow.PredictedLabels)];
        labels.ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, names.Length);
        labels.ColumnName = options.PredictedLabelsColumnName;
        labels.AddAnnotation("SlotNames", slotNames, slotNamesType);
        output[nameof(ScoreRow.PredictedLabel)].ColumnName = options.PredictedLabelColumnName;

        Action<EcgEmbeddingMapping.SignalRow, ScoreRow> map = model is null || classifier is null
            ? (_, _) => throw new InvalidOperationException("This mapping only describes the schema; fit the estimator first.")
            : (src, dst) => Score(model, classifier, options.Threshold, names, src.Signal, dst);
        return SchemaContext.Transforms.CustomMapping(map, contractName: null,
            EcgEmbeddingMapping.SignalSchema(options.SignalColumnName, signalLength), output);
    }

    private static void Score(FgClepModel model, ZeroShotClassifier classifier, float threshold, string[] names, float[] signal, ScoreRow row)
    {
        var (probabilities, predicted, label) = Score(classifier, threshold, names, model.EmbedSignals(new[] { signal })[0]);
        row.Score = probabilities;
        row.PredictedLabels = predicted;
        row.PredictedLabel = label;
    }

    /// <summary>Class probabilities, the multi-label decision at <paramref name="threshold"/> and the argmax class of one ECG embedding.</summary>
    public static (float[] Probabilities, bool[] Predicted, string Label) Score(ZeroShotClassifier classifier, float threshold, string[] names, float[] embedding)
    {
        var logits = classifier.ScoreLogits(embedding);
        var probabilities = new float[logits.Length];
        var predicted = new bool[logits.Length];
        int best = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            probabilities[c] = FgClepModel.Sigmoid(logits[c]);
            predicted[c] = probabilities[c] >= threshold;
            if (logits[c] > logits[best]) best = c; // on logits: σ saturates in float32 and would tie
        }
        return (probabilities, predicted, names[best]);
    }
}
