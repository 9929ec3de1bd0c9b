using FgClep.Datasets;
using FgClep.IO;

namespace FgClep.Inference;

/// <summary>
/// Zero-shot ECG classification: every class prompt is embedded once at construction; an ECG's score for a class is the
/// highest P = σ(exp(t')·cos + b) over the class's prompts. With <c>ensembleOverLeads</c>, each prompt is also scored as
/// "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads and the maximum is taken, as in the paper.
/// </summary>
public sealed class ZeroShotClassifier
{
    private readonly ClepEncoder _model;
    private readonly float[][] _promptEmbeddings;
    private readonly int[] _promptClass;

    /// <summary>Embeds the prompts of <paramref name="classes"/> with <paramref name="model"/>'s text encoder.</summary>
    public ZeroShotClassifier(ClepEncoder model, IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads = false)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0) throw new ArgumentException("Give at least one class.", nameof(classes));
        Classes = classes;
        var prompts = new List<string>();
        var owner = new List<int>();
        for (int c = 0; c < classes.Count; c++)
        {
            foreach (var prompt in classes[c].EffectivePrompts)
            {
                if (string.IsNullOrWhiteSpace(prompt)) throw new ArgumentException($"Class '{classes[c].Name}' has an empty prompt.", nameof(classes));
                prompts.Add(prompt); owner.Add(c);
                if (!ensembleOverLeads) continue;
                foreach (var lead in StandardLeads.Twelve) { prompts.Add($"{prompt} in lead {lead}"); owner.Add(c); }
            }
        }
        _promptEmbeddings = model.EmbedTexts(prompts);
        _promptClass = owner.ToArray();
    }

    /// <summary>The classes, in score order.</summary>
    public IReadOnlyList<ZeroShotClass> Classes { get; }

    /// <summary>Embeddings of the expanded prompts (lead variants included), in prompt order.</summary>
    internal IReadOnlyList<float[]> PromptEmbeddings => _promptEmbeddings;

    /// <summary>For each expanded prompt, the index of its class.</summary>
    internal IReadOnlyList<int> PromptClasses => _promptClass;

    /// <summary>One logit per class (the best prompt's exp(t')·cos + b) for one L2-normalised ECG embedding; P = σ(logit).</summary>
    /// <remarks>Rank metrics such as AUROC should use logits: σ saturates in float32 and would create ties.</remarks>
    public float[] ScoreLogits(ReadOnlySpan<float> ecgEmbedding)
    {
        var logits = _model.Logits(ecgEmbedding, _promptEmbeddings);
        var scores = new float[Classes.Count];
        Array.Fill(scores, float.NegativeInfinity);
        for (int i = 0; i < logits.Length; i++) scores[_promptClass[i]] = Math.Max(scores[_promptClass[i]], logits[i]);
        return scores;
    }

    /// <summary>One probability per class, P = σ(exp(t')·cos + b) of the best prompt, for one L2-normalised ECG embedding.</summary>
    public float[] Score(ReadOnlySpan<float> ecgEmbedding)
    {
        var scores = ScoreLogits(ecgEmbedding);
        for (int c = 0; c < scores.Length; c++) scores[c] = ClepEncoder.Sigmoid(scores[c]);
        return scores;
    }

    /// <summary>Logits for many ECG embeddings: a row-major [records, classes] matrix.</summary>
    public float[] ScoreLogitsAll(IReadOnlyList<float[]> ecgEmbeddings)
    {
        var result = new float[ecgEmbeddings.Count * Classes.Count];
        for (int i = 0; i < ecgEmbeddings.Count; i++) ScoreLogits(ecgEmbeddings[i]).CopyTo(result, i * Classes.Count);
        return result;
    }
}
