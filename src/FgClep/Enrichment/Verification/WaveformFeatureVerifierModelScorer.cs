using FgClep.Inference;

namespace FgClep.Enrichment.Verification;

/// <summary>Scores with a CLEP / FG-CLEP model: P = σ(exp(t')·cos(e, t) + b). Model calls are serialised (one network, many cursors).</summary>
internal sealed class WaveformFeatureVerifierModelScorer : WaveformFeatureVerifierScorer
{
    private readonly ClepEncoder _model;
    private readonly object _gate = new();

    public WaveformFeatureVerifierModelScorer(ClepEncoder model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
    }

    public override int SignalLength => _model.Preprocessing.Leads.Count * _model.Preprocessing.SampleCount;

    public override float[][] EmbedSignals(IReadOnlyList<float[]> signals)
    {
        lock (_gate) return _model.EmbedSignals(signals);
    }

    public override float[][] EmbedTexts(IReadOnlyList<string> texts)
    {
        lock (_gate) return _model.EmbedTexts(texts);
    }

    public override float[] Probabilities(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings)
    {
        lock (_gate) return _model.Probabilities(signalEmbedding, textEmbeddings);
    }

    public override float[] Logits(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings)
    {
        lock (_gate) return _model.Logits(signalEmbedding, textEmbeddings);
    }
}
