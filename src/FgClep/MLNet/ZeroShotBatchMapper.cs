using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Signal column → the zero-shot columns: <c>Score</c> (one probability per class) and <c>PredictedLabels</c> (probability at
/// least the threshold), both with the class names as slot names, and <c>PredictedLabel</c>, the argmax class as a key whose
/// values are the class names. The ECGs of a batch are embedded in one model call.
/// </summary>
internal sealed class ZeroShotBatchMapper : SignalBatchMapper
{
    private readonly ClepEncoder _model;
    private readonly ZeroShotClassifier _classifier;
    private readonly float _threshold;

    public ZeroShotBatchMapper(ClepEncoder model, ZeroShotClassifier classifier, ZeroShotEcgOptions options)
    {
        _model = model;
        _classifier = classifier;
        _threshold = options.Threshold;
        SignalColumnName = options.SignalColumnName;
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        Outputs = Columns(options);
    }

    public override string SignalColumnName { get; }

    public override int SignalLength { get; }

    public override int BatchSize => _model.BatchSize;

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>The three columns with their types and annotations.</summary>
    public static OutputColumn[] Columns(ZeroShotEcgOptions options)
    {
        var names = options.Classes.Select(c => c.Name.AsMemory()).ToArray();
        int n = names.Length;
        void Names(ref VBuffer<ReadOnlyMemory<char>> value) => new VBuffer<ReadOnlyMemory<char>>(n, names).CopyTo(ref value);
        var namesType = new VectorDataViewType(TextDataViewType.Instance, n);
        var slots = new DataViewSchema.Annotations.Builder();
        slots.Add<VBuffer<ReadOnlyMemory<char>>>("SlotNames", namesType, Names);
        var keys = new DataViewSchema.Annotations.Builder();
        keys.Add<VBuffer<ReadOnlyMemory<char>>>("KeyValues", namesType, Names);
        return new[]
        {
            new OutputColumn(options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, n), slots.ToAnnotations()),
            new OutputColumn(options.PredictedLabelsColumnName, new VectorDataViewType(BooleanDataViewType.Instance, n), slots.ToAnnotations()),
            new OutputColumn(options.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), n), keys.ToAnnotations()),
        };
    }

    public override Array[] Map(IReadOnlyList<float[]> signals, IReadOnlyList<string>? texts)
    {
        var embeddings = _model.EmbedSignals(signals);
        var scores = new float[signals.Count][];
        var predicted = new bool[signals.Count][];
        var labels = new uint[signals.Count];
        for (int i = 0; i < embeddings.Length; i++)
        {
            var logits = _classifier.ScoreLogits(embeddings[i]);
            scores[i] = new float[logits.Length];
            predicted[i] = new bool[logits.Length];
            int best = 0;
            for (int c = 0; c < logits.Length; c++)
            {
                scores[i][c] = ClepEncoder.Sigmoid(logits[c]);
                predicted[i][c] = scores[i][c] >= _threshold;
                if (logits[c] > logits[best]) best = c; // on logits: σ saturates in float32 and would tie
            }
            labels[i] = (uint)best + 1; // ML.NET keys count from 1; 0 is missing
        }
        return new Array[] { scores, predicted, labels };
    }
}
