using FgClep.Datasets;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.MLNet;

[TestClass]
public sealed class PreprocessedEcgViewTests
{
    private static readonly PreprocessedEcg[] Records =
    [
        new("a", [1f, 2f, 3f, 4f], "sinus rhythm", ["NORM"], "train"),
        new("b", [5f, 6f, 7f, 8f], "atrial fibrillation", ["afib", "MI"], "test"),
    ];

    [TestMethod]
    public void TheViewHasTheLoadersColumnsAndSlotNames()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadPreprocessedEcg(Records, 4, ["NORM", "MI", "AFIB"], StringComparer.OrdinalIgnoreCase);

        CollectionAssert.AreEquivalent(
            new[] { EcgDataView.SignalColumn, EcgDataView.ReportColumn, EcgDataView.RecordIdColumn, EcgDataView.SplitColumn, EcgDataView.LabelsColumn },
            view.Schema.Select(c => c.Name).ToArray());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), view.Schema[EcgDataView.SignalColumn].Type);
        VBuffer<ReadOnlyMemory<char>> slots = default;
        view.Schema[EcgDataView.LabelsColumn].GetSlotNames(ref slots);
        CollectionAssert.AreEqual(new[] { "NORM", "MI", "AFIB" }, slots.DenseValues().Select(s => s.ToString()).ToArray());

        var labels = view.GetColumn<float[]>(EcgDataView.LabelsColumn).ToArray();
        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f }, labels[0]);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 1f }, labels[1], "labels match the class names ignoring case");
        CollectionAssert.AreEqual(new[] { "train", "test" }, view.GetColumn<string>(EcgDataView.SplitColumn).ToArray());
        CollectionAssert.AreEqual(new[] { 5f, 6f, 7f, 8f }, view.GetColumn<float[]>(EcgDataView.SignalColumn).Last());
    }

    [TestMethod]
    public void WithoutClassesThereIsNoLabelColumn()
    {
        var view = new MLContext(seed: 1).Data.LoadPreprocessedEcg(Records, 4);
        Assert.IsNull(view.Schema.GetColumnOrNull(EcgDataView.LabelsColumn));
        CollectionAssert.AreEqual(new[] { "a", "b" }, view.GetColumn<string>(EcgDataView.RecordIdColumn).ToArray());
    }

    [TestMethod]
    public void ASignalOfTheWrongLengthIsNamed()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(seed: 1).Data.LoadPreprocessedEcg(Records, 5));
        StringAssert.Contains(error.Message, "'a' (row 0)");
        StringAssert.Contains(error.Message, "expects 5");
    }

    [TestMethod]
    public void AMissingSignalIsNamedByItsRow()
    {
        PreprocessedEcg[] records = [Records[0], Records[1] with { Input = null! }];
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(seed: 1).Data.LoadPreprocessedEcg(records, 4));
        StringAssert.Contains(error.Message, "Row 1");
    }
}
