using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Evaluation;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class ZeroShotEvaluationTests
{
    private static readonly ZeroShotClass[] Classes = { new("AFIB", new[] { "atrial fibrillation" }), new("LBBB", new[] { "left bundle branch block" }), new("NORM", new[] { "normal ecg" }) };

    private static ClepEncoder TinyModel()
    {
        return TinyClep.EmbeddingModel();
    }

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public float[] Labels = Array.Empty<float>();
    }

    [TestMethod]
    public void EmbeddingsNearTheirClassPromptScorePerfectly()
    {
        using var model = TinyModel();
        var prompts = model.EmbedTexts(Classes.Select(c => c.Prompts[0]).ToArray());
        var rng = new Random(2);
        var embeddings = new List<float[]>();
        var labels = new List<float[]>();
        for (int i = 0; i < 30; i++)
        {
            int c = i % 3;
            var e = prompts[c].Select(x => x + (float)(rng.NextDouble() - 0.5) * 2e-3f).ToArray();
            var norm = (float)Math.Sqrt(e.Sum(x => (double)x * x));
            embeddings.Add(e.Select(x => x / norm).ToArray());
            labels.Add(Enumerable.Range(0, 3).Select(k => k == c ? 1f : 0f).ToArray());
        }
        var result = ZeroShotEvaluation.Evaluate(model, embeddings, labels, Classes, bootstrap: new BootstrapOptions { Resamples = 100 });
        Assert.AreEqual(1.0, result.Auroc.Macro);
        Assert.AreEqual(1.0, result.Auprc.Macro);
        Assert.AreEqual(30, result.Records);
        Assert.AreEqual(1.0, result.Bootstrap!.MacroAuroc.Lower);

        // The same embeddings with the labels rotated by one class rank the wrong records first.
        var rotated = labels.Select(l => new[] { l[2], l[0], l[1] }).ToArray();
        Assert.IsLessThan(0.5, ZeroShotEvaluation.Evaluate(model, embeddings, rotated, Classes).Auroc.Macro);
    }

    [TestMethod]
    public void TheDataViewRouteMatchesTheEmbeddingRouteAndChecksSlotNames()
    {
        var ml = new MLContext(seed: 1);
        using var model = TinyModel();
        model.BatchSize = 4; // several batches and a partial one
        var data = TinyClep.Data(10);
        var rows = Enumerable.Range(0, 10).Select(i => new Row
        {
            Signal = data.Signal(i).ToArray(),
            Labels = Enumerable.Range(0, 3).Select(k => (i + k) % 3 == 0 ? 1f : 0f).ToArray(),
        }).ToArray();
        IDataView View(string[] slots)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, TinyClep.Leads * TinyClep.Samples);
            schema[nameof(Row.Labels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
            schema[nameof(Row.Labels)].AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(3, slots.Select(s => s.AsMemory()).ToArray()),
                new VectorDataViewType(TextDataViewType.Instance, 3));
            return ml.Data.LoadFromEnumerable(rows, schema);
        }

        var fromView = ZeroShotEvaluation.Evaluate(model, View(new[] { "AFIB", "LBBB", "NORM" }), Classes);
        var fromEmbeddings = ZeroShotEvaluation.Evaluate(model, model.EmbedSignals(rows.Select(r => r.Signal).ToList()), rows.Select(r => r.Labels).ToList(), Classes);
        CollectionAssert.AreEqual(fromEmbeddings.Auroc.PerClass.ToArray(), fromView.Auroc.PerClass.ToArray());
        Assert.AreEqual(10, fromView.Records);

        var ex = Assert.ThrowsExactly<ArgumentException>(() => ZeroShotEvaluation.Evaluate(model, View(new[] { "LBBB", "AFIB", "NORM" }), Classes));
        StringAssert.Contains(ex.Message, "Label slot 0 is 'LBBB' but class 0 is 'AFIB'");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ZeroShotEvaluation.Evaluate(model, View(new[] { "AFIB", "LBBB", "NORM" }), Classes, labelsColumnName: "Label"));
        StringAssert.Contains(missing.Message, "Could not find labels column 'Label'");
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ZeroShotEvaluation.Evaluate(model, View(new[] { "AFIB", "LBBB", "NORM" }), Classes.Take(2).ToArray()));
        StringAssert.Contains(size.Message, "expected Vector<Single, 2>, got Vector<Single, 3>");
    }

    [TestMethod]
    public void RealPtbXlTestFoldRunsThroughLoaderPromptsAndBenchmark()
    {
        var directory = SharedData.RequireDirectory("data/ptbxl");
        using var model = TinyModel();
        var database = PtbXlDatabase.Load(directory);
        var test = new MLContext(seed: 1).Data.LoadPtbXl(directory, new PtbXlLoadOptions
        {
            Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Super, Preprocessor = model.Preprocessing,
        });
        var result = ZeroShotEvaluation.Evaluate(model, test, PtbXlPrompts.Classes(database, PtbXlTask.Super), ensembleOverLeads: true);
        // The 252 of fold 10's 255 database rows (1,999-record subset) that have a diagnostic superclass: the super task's
        // test records. 100 Hz files exist for all of them.
        Assert.AreEqual(252, result.Records, "super-task records of fold 10 of the 1,999-record subset");
        CollectionAssert.AreEqual(database.ClassNames(PtbXlTask.Super).ToArray(), result.ClassNames.ToArray());
        Assert.AreEqual(0, result.Auroc.ExcludedClasses, "every superclass occurs in fold 10");
        Assert.IsTrue(result.Auroc.PerClass.All(v => v >= 0 && v <= 1));
    }
}
