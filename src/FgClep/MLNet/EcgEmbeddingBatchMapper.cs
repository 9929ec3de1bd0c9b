using FgClep.Inference;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>Signal column → L2-normalised ECG embedding column, a batch of <see cref="ClepEncoder.BatchSize"/> rows per model call.</summary>
internal sealed class EcgEmbeddingBatchMapper : SignalBatchMapper
{
    private readonly ClepEncoder _model;

    public EcgEmbeddingBatchMapper(ClepEncoder model, string signalColumnName, string outputColumnName)
    {
        _model = model;
        SignalColumnName = signalColumnName;
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        Outputs = new[] { new OutputColumn(outputColumnName, new VectorDataViewType(NumberDataViewType.Single, model.EmbeddingSize)) };
    }

    public override string SignalColumnName { get; }

    public override int SignalLength { get; }

    public override int BatchSize => _model.BatchSize;

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    public override Array[] Map(IReadOnlyList<float[]> signals, IReadOnlyList<string>? texts) => new Array[] { _model.EmbedSignals(signals) };
}
