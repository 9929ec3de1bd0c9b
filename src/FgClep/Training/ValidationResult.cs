namespace FgClep.Training;

/// <summary>Validation after an epoch.</summary>
/// <param name="Epoch">Zero-based epoch just finished.</param>
/// <param name="Loss">Mean training objective over the validation batches.</param>
/// <param name="ZeroShotMacroAuroc">Zero-shot macro AUROC over the class names, or null when the set has no labels.</param>
public sealed record ValidationResult(int Epoch, double Loss, double? ZeroShotMacroAuroc);
