namespace FgClep.Training;

/// <summary>
/// Held-out pairs evaluated after every epoch: the validation loss and, when labels and class names are given,
/// the zero-shot macro AUROC with one prompt per class (the class name).
/// </summary>
public sealed class ClepValidationSet
{
    /// <summary>Creates a validation set.</summary>
    /// <param name="pairs">Preprocessed (ECG, report) pairs.</param>
    /// <param name="classNames">Class names used as zero-shot prompts; null for loss only.</param>
    /// <param name="labels">Row-major [pairs, classes] 0/1 matrix; required with <paramref name="classNames"/>.</param>
    public ClepValidationSet(ClepTrainingData pairs, IReadOnlyList<string>? classNames = null, float[]? labels = null)
    {
        Pairs = pairs ?? throw new ArgumentNullException(nameof(pairs));
        if ((classNames is null) != (labels is null))
            throw new ArgumentException("Give both class names and labels for zero-shot validation, or neither.");
        if (classNames is not null && labels!.Length != pairs.Count * classNames.Count)
            throw new ArgumentException($"Labels have {labels.Length} values; expected {pairs.Count} pairs × {classNames.Count} classes.", nameof(labels));
        ClassNames = classNames;
        Labels = labels;
    }

    /// <summary>The pairs.</summary>
    public ClepTrainingData Pairs { get; }

    /// <summary>Class names (zero-shot prompts), or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Row-major [pairs, classes] labels, or null.</summary>
    public float[]? Labels { get; }
}
