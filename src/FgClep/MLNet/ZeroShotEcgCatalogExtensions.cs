using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>Zero-shot ECG classification on <c>mlContext.Transforms</c>.</summary>
public static class ZeroShotEcgCatalogExtensions
{
    /// <summary>
    /// Zero-shot classification with a trained model: adds <paramref name="scoreColumnName"/> (one probability per class,
    /// slot names = class names), <c>PredictedLabels</c> (Boolean vector, probability ≥ <paramref name="threshold"/>) and
    /// <c>PredictedLabel</c> (the most probable class, a key whose values are the class names).
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Transforms</c>.</param>
    /// <param name="model">The trained CLEP / FG-CLEP transformer (its model is copied; the original stays usable).</param>
    /// <param name="classes">The classes and their prompts; a class without prompts uses its name.</param>
    /// <param name="ensembleOverLeads">Also score "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads and keep the best.</param>
    /// <param name="signalColumnName">Input signal column.</param>
    /// <param name="scoreColumnName">Output probability column.</param>
    /// <param name="threshold">Probability from which a class is predicted present.</param>
    /// <example><code>
    /// var classes = PtbXlPrompts.Classes(database, PtbXlTask.Super);
    /// var zeroShot = mlContext.Transforms.ZeroShotEcg(fgclep, classes, ensembleOverLeads: true).Fit(test);
    /// var scored = zeroShot.Transform(test); // Score, PredictedLabels, PredictedLabel
    /// </code></example>
    public static ZeroShotEcgEstimator ZeroShotEcg(this TransformsCatalog catalog, FgClepTransformer model, IReadOnlyList<ZeroShotClass> classes,
        bool ensembleOverLeads = false, string signalColumnName = "Signal", string scoreColumnName = "Score", float threshold = 0.5f) =>
        catalog.ZeroShotEcg(model, new ZeroShotEcgOptions
        {
            Classes = classes, EnsembleOverLeads = ensembleOverLeads, SignalColumnName = signalColumnName,
            ScoreColumnName = scoreColumnName, Threshold = threshold,
        });

    /// <summary>Zero-shot classification with a trained model and full options (columns, threshold, ensemble).</summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Transforms</c>.</param>
    /// <param name="model">The trained CLEP / FG-CLEP transformer (its model is copied; the original stays usable).</param>
    /// <param name="options">Classes, columns and threshold.</param>
    public static ZeroShotEcgEstimator ZeroShotEcg(this TransformsCatalog catalog, FgClepTransformer model, ZeroShotEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return new ZeroShotEcgEstimator(model.Model, options);
    }
}
