using FgClep.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>Multi-label evaluation on <c>mlContext.MulticlassClassification</c>, for zero-shot scores and one-vs-rest probes.</summary>
public static class MultiLabelEvaluationCatalogExtensions
{
    /// <summary>
    /// Per-class AUROC and AUPRC of a score vector against a multi-hot label vector, and their macro averages: the
    /// multi-label counterpart of <c>MulticlassClassification.Evaluate</c>, e.g. for the output of <c>ZeroShotEcg</c>.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.MulticlassClassification</c>.</param>
    /// <param name="data">Scored data.</param>
    /// <param name="labelsColumnName">Multi-hot labels: a known-size Single (0 or 1) or Boolean vector, one slot per class.</param>
    /// <param name="scoreColumnName">Scores: a known-size Single vector of the same size (higher = more likely); its slot
    /// names, when present, name the classes.</param>
    /// <returns>The metrics, per class in slot order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type or size (the message names it).</exception>
    /// <exception cref="InvalidOperationException">A label is neither 0 nor 1, or a score is NaN (the message names the row and class).</exception>
    /// <example><code>
    /// var scored = zeroShot.Transform(test);
    /// var metrics = mlContext.MulticlassClassification.EvaluateMultiLabel(scored, labelsColumnName: "Labels");
    /// Console.WriteLine($"macro AUROC {metrics.MacroAuroc:F3}");
    /// </code></example>
    public static MultiLabelClassificationMetrics EvaluateMultiLabel(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelsColumnName = "Labels", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        var score = data.Schema.GetColumnOrNull(scoreColumnName)
                    ?? throw new ArgumentOutOfRangeException(nameof(scoreColumnName), $"Could not find score column '{scoreColumnName}'");
        if (score.Type is not VectorDataViewType { ItemType: var scoreItem, Size: var classes } || scoreItem != NumberDataViewType.Single || classes == 0)
            throw new ArgumentOutOfRangeException(nameof(scoreColumnName), $"Schema mismatch for score column '{scoreColumnName}': expected a known-size Vector<Single>, got {score.Type}");
        var labels = data.Schema.GetColumnOrNull(labelsColumnName)
                     ?? throw new ArgumentOutOfRangeException(nameof(labelsColumnName), $"Could not find labels column '{labelsColumnName}'");
        bool boolean = labels.Type is VectorDataViewType { ItemType: BooleanDataViewType };
        if (labels.Type is not VectorDataViewType { ItemType: var labelItem, Size: var labelSize } || labelSize != classes
            || !(boolean || labelItem == NumberDataViewType.Single))
            throw new ArgumentOutOfRangeException(nameof(labelsColumnName),
                $"Schema mismatch for labels column '{labelsColumnName}': expected Vector<Single, {classes}> or Vector<Boolean, {classes}> (one slot per class of '{scoreColumnName}'), got {labels.Type}");

        var names = ClassNames(score, classes);
        var scores = new List<float>();
        var hot = new List<float>();
        using (var cursor = data.GetRowCursor(new[] { score, labels }))
        {
            var scoreGetter = cursor.GetGetter<VBuffer<float>>(score);
            var floatLabels = boolean ? null : cursor.GetGetter<VBuffer<float>>(labels);
            var boolLabels = boolean ? cursor.GetGetter<VBuffer<bool>>(labels) : null;
            VBuffer<float> s = default, l = default;
            VBuffer<bool> b = default;
            for (long row = 0; cursor.MoveNext(); row++)
            {
                scoreGetter(ref s);
                int c = 0;
                foreach (float v in s.DenseValues())
                {
                    if (float.IsNaN(v)) throw new InvalidOperationException($"Row {row}: the score of class '{names[c]}' in '{scoreColumnName}' is NaN.");
                    scores.Add(v);
                    c++;
                }
                c = 0;
                if (boolLabels is not null)
                {
                    boolLabels(ref b);
                    foreach (bool v in b.DenseValues()) hot.Add(v ? 1 : 0);
                }
                else
                {
                    floatLabels!(ref l);
                    foreach (float v in l.DenseValues())
                    {
                        if (v != 0 && v != 1) throw new InvalidOperationException($"Row {row}: the label of class '{names[c]}' in '{labelsColumnName}' is {v}; expected 0 or 1.");
                        hot.Add(v);
                        c++;
                    }
                }
            }
        }

        // One ranking per class serves both metrics.
        var rankings = BinaryMetrics.PerClass(scores.ToArray(), hot.ToArray(), classes);
        var auroc = rankings.Select(r => r.Auroc()).ToArray();
        var auprc = rankings.Select(r => r.AveragePrecision()).ToArray();
        var perClass = Enumerable.Range(0, classes)
            .Select(c => new MultiLabelClassMetrics(names[c], rankings[c].Positives, auroc[c], auprc[c])).ToArray();
        double macroAuroc = BinaryMetrics.MeanOfDefined(auroc, out int excludedAuroc);
        double macroAuprc = BinaryMetrics.MeanOfDefined(auprc, out int excludedAuprc);
        return new MultiLabelClassificationMetrics(scores.Count / classes, perClass, macroAuroc, macroAuprc, excludedAuroc, excludedAuprc);
    }

    private static string[] ClassNames(DataViewSchema.Column score, int classes)
    {
        if (score.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> slotNames = default;
            score.GetSlotNames(ref slotNames);
            var names = slotNames.DenseValues().Select(m => m.ToString()).ToArray();
            if (names.Length == classes) return names;
        }
        return Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
