using FgClep.Datasets;
using FgClep.Evaluation;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.MLNet;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class MultiLabelEvaluationTests
{
    private const int SignalLength = TinyClep.Leads * TinyClep.Samples;

    private static readonly ZeroShotClass[] Classes =
    {
        new("AFIB", new[] { "atrial fibrillation" }),
        new("LBBB", new[] { "left bundle branch block" }),
        new("NORM", new[] { "normal ecg" }),
    };

    private sealed class ClassName
    {
        public string Name = "";
    }

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Diagnosis = "";
        public float[] Labels = Array.Empty<float>();
        public bool[] Flags = Array.Empty<bool>();
    }

    private static (IDataView Scored, List<float[]> Scores, List<Row> Rows, MLContext Ml, ZeroShotEcgTransformer Transformer) Score(int count, int labelSize = 3)
    {
        var ml = new MLContext(seed: 1);
        var data = TinyClep.Data(count);
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var labels = new float[labelSize];
            labels[i % labelSize] = 1;
            if (i % 4 == 0) labels[(i + 1) % labelSize] = 1; // some rows carry two labels
            return new Row { Signal = data.Signal(i).ToArray(), Diagnosis = Classes[i % Classes.Length].Name, Labels = labels, Flags = labels.Select(v => v == 1).ToArray() };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        schema[nameof(Row.Labels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, labelSize);
        schema[nameof(Row.Flags)].ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, labelSize);
        var model = TinyClep.EmbeddingModel();
        var transformer = new ZeroShotEcgTransformer(model, new ZeroShotEcgOptions { Classes = Classes });
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(rows, schema));
        return (scored, scored.GetColumn<float[]>("Score").ToList(), rows, ml, transformer);
    }

    [TestMethod]
    public void MulticlassEvaluateReadsTheZeroShotPredictedLabelKey()
    {
        var (scored, scores, rows, ml, transformer) = Score(24);
        using var _ = transformer;
        // The label's keys in class order, so that key k means the same class in Label and PredictedLabel.
        var classOrder = ml.Data.LoadFromEnumerable(Classes.Select(c => new ClassName { Name = c.Name }));
        var labelled = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Diagnosis), keyData: classOrder).Fit(scored).Transform(scored);
        var metrics = ml.MulticlassClassification.Evaluate(labelled, labelColumnName: "Label");

        int correct = 0;
        for (int i = 0; i < rows.Count; i++)
            if (Classes[Array.IndexOf(scores[i], scores[i].Max())].Name == rows[i].Diagnosis) correct++;
        Assert.AreEqual(correct / (double)rows.Count, metrics.MicroAccuracy, 1e-9);
        Assert.HasCount(Classes.Length, metrics.PerClassLogLoss);
    }

    [TestMethod]
    public void EvaluateMultiLabelMatchesTheLibraryMetricsForSingleAndBooleanLabels()
    {
        var (scored, scores, rows, ml, transformer) = Score(24);
        using var _ = transformer;
        var metrics = ml.MulticlassClassification.EvaluateMultiLabel(scored, labelsColumnName: nameof(Row.Labels));
        var fromBooleans = ml.MulticlassClassification.EvaluateMultiLabel(scored, labelsColumnName: nameof(Row.Flags));

        var flatScores = scores.SelectMany(s => s).ToArray();
        var flatLabels = rows.SelectMany(r => r.Labels).ToArray();
        var auroc = RocAuc.ComputeMacro(flatScores, flatLabels, Classes.Length);
        var auprc = Auprc.ComputeMacro(flatScores, flatLabels, Classes.Length);
        Assert.AreEqual(rows.Count, metrics.Rows);
        Assert.AreEqual(auroc.Macro, metrics.MacroAuroc, 1e-12);
        Assert.AreEqual(auprc.Macro, metrics.MacroAuprc, 1e-12);
        Assert.AreEqual(metrics, fromBooleans with { PerClass = metrics.PerClass });
        CollectionAssert.AreEqual(metrics.PerClass.ToArray(), fromBooleans.PerClass.ToArray());
        CollectionAssert.AreEqual(Classes.Select(c => c.Name).ToArray(), metrics.PerClass.Select(c => c.Name).ToArray());
        for (int c = 0; c < Classes.Length; c++)
        {
            Assert.AreEqual(auroc.PerClass[c], metrics.PerClass[c].Auroc, 1e-12, Classes[c].Name);
            Assert.AreEqual(rows.Count(r => r.Labels[c] == 1), metrics.PerClass[c].Positives, Classes[c].Name);
        }
    }

    [TestMethod]
    public void EvaluateMultiLabelNamesTheColumnOrValueAtFault()
    {
        var (scored, _, _, ml, transformer) = Score(6, labelSize: 2);
        using var __ = transformer;
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateMultiLabel(scored, labelsColumnName: "Nope"));
        StringAssert.Contains(missing.Message, "'Nope'");
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateMultiLabel(scored, labelsColumnName: nameof(Row.Labels)));
        StringAssert.Contains(size.Message, "Vector<Single, 3>");
        StringAssert.Contains(size.Message, "'Labels'");

        var bad = ml.Transforms.CustomMapping((Row src, BadLabels dst) => dst.Labels3 = new[] { 0f, 2f, 1f }, contractName: null).Fit(scored).Transform(scored);
        var value = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.EvaluateMultiLabel(bad, labelsColumnName: "Labels3"));
        StringAssert.Contains(value.Message, "Row 0");
        StringAssert.Contains(value.Message, "'LBBB'");
        StringAssert.Contains(value.Message, "2");
    }

    private sealed class BadLabels
    {
        [VectorType(3)]
        public float[] Labels3 = Array.Empty<float>();
    }
}
