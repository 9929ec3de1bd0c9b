using Microsoft.ML;
using FgClep.Evaluation;
using FgClep.Modeling;
using Microsoft.ML.Data;

namespace FgClep.Transforms;

/// <summary>
/// Signal column → zero-shot score, multi-label and argmax columns (as <see cref="ZeroShotEcgMapping"/> defines them), with the
/// ECGs of a batch embedded in one model call.
/// </summary>
internal sealed class ZeroShotBatchMapper : SignalBatchMapper
{
    private readonly FgClepModel _model;
    private readonly ZeroShotClassifier _classifier;
    private readonly float _threshold;
    private readonly string[] _names;

    public ZeroShotBatchMapper(FgClepModel model, ZeroShotClassifier classifier, ZeroShotEcgOptions options, DataViewSchema mappedSchema)
    {
        _model = model;
        _classifier = classifier;
        _threshold = options.Threshold;
        _names = options.Classes.Select(c => c.Name).ToArray();
        SignalColumnName = options.SignalColumnName;
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        // The per-row mapping's schema carries the names, types and slot-name annotations of the three columns.
        Outputs = new[] { options.ScoreColumnName, options.PredictedLabelsColumnName, options.PredictedLabelColumnName }
            .Select(name => mappedSchema[name])
            .Select(c => new OutputColumn(c.Name, c.Type, c.Annotations))
            .ToArray();
    }

    public override string SignalColumnName { get; }

    public override int SignalLength { get; }

    public override int BatchSize => _model.BatchSize;

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    public override Array[] Map(IReadOnlyList<float[]> signals)
    {
        var embeddings = _model.EmbedSignals(signals);
        var scores = new float[signals.Count][];
        var predicted = new bool[signals.Count][];
        var labels = new string[signals.Count];
        for (int i = 0; i < embeddings.Length; i++)
            (scores[i], predicted[i], labels[i]) = ZeroShotEcgMapping.Score(_classifier, _threshold, _names, embeddings[i]);
        return new Array[] { scores, predicted, labels };
    }
}
