using FgClep.Inference;

namespace FgClep.Enrichment.Verification;

/// <summary>
/// What <see cref="WaveformFeatureVerifier"/> needs from a model: batched signal and text embeddings and the pair
/// probability. The stage-1 model is the only public implementation; tests plug in scorers they control.
/// </summary>
internal abstract class WaveformFeatureVerifierScorer
{
    /// <summary>Length of a preprocessed signal (leads × samples).</summary>
    public abstract int SignalLength { get; }

    /// <summary>One embedding per preprocessed signal.</summary>
    public abstract float[][] EmbedSignals(IReadOnlyList<float[]> signals);

    /// <summary>One embedding per text.</summary>
    public abstract float[][] EmbedTexts(IReadOnlyList<string> texts);

    /// <summary>P(feature present) of one signal embedding against many text embeddings.</summary>
    public abstract float[] Probabilities(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings);

    /// <summary>The logits behind <see cref="Probabilities"/> (P = σ(logit)); by default recovered from the probabilities.</summary>
    public virtual float[] Logits(float[] signalEmbedding, IReadOnlyList<float[]> textEmbeddings) =>
        Probabilities(signalEmbedding, textEmbeddings).Select(p => (float)Math.Log(Math.Max(p, 1e-30) / Math.Max(1 - (double)p, 1e-30))).ToArray();

    public static WaveformFeatureVerifierScorer FromModel(ClepEncoder model) => new WaveformFeatureVerifierModelScorer(model);
}
