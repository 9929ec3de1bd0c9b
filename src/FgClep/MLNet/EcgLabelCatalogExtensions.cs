using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>From the multi-hot <c>Labels</c> of the ECG loaders to the Boolean label of an ML.NET binary trainer, on <c>mlContext.Transforms</c>.</summary>
public static class EcgLabelCatalogExtensions
{
    /// <summary>
    /// Adds <paramref name="outputColumnName"/>: true where the record has <paramref name="className"/> (a slot name of
    /// <paramref name="labelsColumnName"/>, e.g. a PTB-XL superclass or a synthetic condition). Unlike a CustomMapping
    /// written by hand, it saves with <c>mlContext.Model.SaveWithFgClep</c>.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Transforms</c>.</param>
    /// <param name="labelsColumnName">A known-size Single (0/1) or Boolean vector with slot names.</param>
    /// <param name="className">The class to select.</param>
    /// <param name="outputColumnName">The Boolean column to add.</param>
    /// <example><code>
    /// var probe = mlContext.Transforms.SelectEcgLabel("Labels", "MI")
    ///     .Append(mlContext.Transforms.EmbedEcg(fgclep))
    ///     .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"));
    /// </code></example>
    public static EcgLabelSelectingEstimator SelectEcgLabel(this TransformsCatalog catalog, string labelsColumnName, string className, string outputColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgLabelSelectingEstimator(labelsColumnName, className, outputColumnName);
    }
}
