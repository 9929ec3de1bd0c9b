namespace FgClep.Evaluation;

/// <summary>One retrieved ECG.</summary>
/// <param name="Index">Position of the ECG in the gallery.</param>
/// <param name="RecordId">Its record id, when the gallery has ids.</param>
/// <param name="Logit">exp(t')·cos(e, t) + b.</param>
/// <param name="Probability">P = σ(logit).</param>
public sealed record RetrievalHit(int Index, string? RecordId, float Logit, float Probability);
