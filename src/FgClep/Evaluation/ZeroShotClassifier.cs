using FgClep.Data;
using FgClep.Modeling;

namespace FgClep.Evaluation;

/// <summary>
/// Zero-shot ECG classification: every class prompt is embedded once at construction; an ECG's score for a class is the
/// highest P = σ(exp(t')·cos + b) over the class's prompts. With <c>ensembleOverLeads</c>, each prompt is also scored as
/// "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads and the maximum is taken, as in the paper.
/// </summary>
public sealed class ZeroShotClassifier
{
    private readonly FgClepModel _model;
    private readonly float[][] _promptEmbeddings;
    private readonly int[] _promptClass;

    /// <summary>Embeds the prompts of <paramref name="classes"/> with <paramref name="model"/>'s text encoder.</summary>
    public ZeroShotClassifier(FgClepModel model, IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads = false)
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

    /// <summary>One probability per class for one L2-normalised ECG embedding.</summary>
    public float[] Score(ReadOnlySpan<float> ecgEmbedding)
    {
        var p = _model.Probabilities(ecgEmbedding, _promptEmbeddings);
        var scores = new float[Classes.Count];
        Array.Fill(scores, float.NegativeInfinity);
        for (int i = 0; i < p.Length; i++) scores[_promptClass[i]] = Math.Max(scores[_promptClass[i]], p[i]);
        return scores;
    }

    /// <summary>Scores many ECG embeddings: a row-major [records, classes] matrix.</summary>
    public float[] ScoreAll(IReadOnlyList<float[]> ecgEmbeddings)
    {
        var result = new float[ecgEmbeddings.Count * Classes.Count];
        for (int i = 0; i < ecgEmbeddings.Count; i++) Score(ecgEmbeddings[i]).CopyTo(result, i * Classes.Count);
        return result;
    }
}
