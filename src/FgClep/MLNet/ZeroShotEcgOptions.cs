using FgClep.Datasets;
using FgClep.Datasets.PtbXl;

namespace FgClep.MLNet;

/// <summary>Options of <see cref="ZeroShotEcgEstimator"/>: the classes with their prompts, the columns and the decision threshold.</summary>
public sealed record ZeroShotEcgOptions
{
    /// <summary>The classes, in output slot order; names must be distinct and non-empty. Required.</summary>
    /// <remarks>For PTB-XL, <see cref="PtbXlPrompts.Classes(FgClep.Datasets.PtbXl.PtbXlDatabase, FgClep.Datasets.PtbXl.PtbXlTask, IReadOnlyList{string}?)"/> builds them from the SCP statement descriptions.</remarks>
    public IReadOnlyList<ZeroShotClass> Classes { get; init; } = Array.Empty<ZeroShotClass>();

    /// <summary>Also score every prompt as "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads and keep the best (the paper's ensemble). Default false.</summary>
    public bool EnsembleOverLeads { get; init; }

    /// <summary>Input column of preprocessed signals (known-size Single vector, leads × samples of the model). Default <c>Signal</c>.</summary>
    public string SignalColumnName { get; init; } = "Signal";

    /// <summary>Output Single vector, one probability P = σ(exp(t')·cos + b) per class; slot names are the class names. Default <c>Score</c>.</summary>
    public string ScoreColumnName { get; init; } = "Score";

    /// <summary>Output Boolean vector, true where the class probability is at least <see cref="Threshold"/> (multi-label); slot names are the class names. Default <c>PredictedLabels</c>.</summary>
    public string PredictedLabelsColumnName { get; init; } = "PredictedLabels";

    /// <summary>
    /// Output key (UInt32, key values = the class names): the most probable class, whether or not it reaches the threshold.
    /// As with ML.NET's multiclass trainers, <c>MulticlassClassification.Evaluate</c> reads it and
    /// <c>Conversion.MapKeyToValue</c> turns it into the class name. Default <c>PredictedLabel</c>.
    /// </summary>
    public string PredictedLabelColumnName { get; init; } = "PredictedLabel";

    /// <summary>Probability from which a class counts as present in <see cref="PredictedLabelsColumnName"/>, in [0, 1]. Default 0.5.</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Checks the options; the messages name the offending setting.</summary>
    internal void Validate()
    {
        if (Classes is null || Classes.Count == 0) throw new ArgumentException("Give at least one zero-shot class.", nameof(Classes));
        for (int c = 0; c < Classes.Count; c++)
        {
            if (Classes[c] is null || string.IsNullOrWhiteSpace(Classes[c].Name))
                throw new ArgumentException($"Zero-shot class {c} has no name.", nameof(Classes));
            if (Classes[c].Prompts is null) throw new ArgumentException($"Zero-shot class '{Classes[c].Name}' has a null prompt list.", nameof(Classes));
        }
        var duplicate = Classes.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Zero-shot class '{duplicate.Key}' is listed twice; slot names must be distinct.", nameof(Classes));
        if (!(Threshold >= 0 && Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold is a probability in [0, 1].");
        var columns = new[] { SignalColumnName, ScoreColumnName, PredictedLabelsColumnName, PredictedLabelColumnName };
        if (columns.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("Column names must not be empty.", nameof(ScoreColumnName));
        var outputs = columns.Skip(1).ToArray();
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length)
            throw new ArgumentException($"The output columns must have distinct names; got '{ScoreColumnName}', '{PredictedLabelsColumnName}', '{PredictedLabelColumnName}'.", nameof(ScoreColumnName));
    }
}
