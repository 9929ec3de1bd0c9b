using FgClep.Datasets;
using FgClep.IO;
using FgClep.Inference;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.MLNet;

[TestClass]
public sealed class DataViewTests
{
    private const int Leads = 2, Samples = 3, Length = Leads * Samples;

    /// <summary>A source of generated records that counts how many it has materialised.</summary>
    private sealed class CountingSource(int count, bool knowCount = true) : IEcgRecordSource
    {
        public int Materialised { get; private set; }

        public int Passes { get; private set; }

        public long? Count => knowCount ? count : null;

        public IEnumerable<EcgRecord> GetRecords()
        {
            Passes++;
            for (int i = 0; i < count; i++)
            {
                Materialised++;
                var signal = Enumerable.Range(0, Length).Select(s => i * 100f + s).ToArray();
                yield return new EcgRecord($"r{i}", signal, new[] { "I", "II" }, 100)
                {
                    Report = $"report {i}, with comma",
                    Labels = i % 2 == 0 ? new[] { "B", "Z" } : new[] { "A" },
                    Split = i < 3 ? "train" : "test",
                };
            }
        }
    }

    private sealed class Row
    {
        [VectorType(Length)] public float[] Signal { get; set; } = [];
        public string Report { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string Split { get; set; } = "";
        [VectorType(2)] public float[] Labels { get; set; } = [];
    }

    private static int _transforms;

    private static float[] Double(EcgRecord r)
    {
        Interlocked.Increment(ref _transforms);
        return r.Signal.Select(v => v * 2).ToArray();
    }

    [TestMethod]
    public void SchemaHasKnownSizeVectorsTextAndSlotNames()
    {
        var view = new EcgDataView(new CountingSource(4), Double, Length, new[] { "A", "B" });
        var signal = view.Schema[EcgDataView.SignalColumn];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, Length), signal.Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[EcgDataView.ReportColumn].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[EcgDataView.RecordIdColumn].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[EcgDataView.SplitColumn].Type);
        var labels = view.Schema[EcgDataView.LabelsColumn];
        Assert.AreEqual(2, ((VectorDataViewType)labels.Type).Size);
        VBuffer<ReadOnlyMemory<char>> names = default;
        labels.GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "A", "B" }, names.DenseValues().Select(n => n.ToString()).ToArray());
        Assert.AreEqual(4L, view.GetRowCount());
        Assert.IsFalse(view.CanShuffle);
        Assert.IsNull(new EcgDataView(new CountingSource(4, knowCount: false), Double, Length).GetRowCount());
        Assert.IsFalse(new EcgDataView(new CountingSource(1), Double, Length).Schema.GetColumnOrNull(EcgDataView.LabelsColumn).HasValue);
    }

    [TestMethod]
    public void CreateEnumerableSeesEveryColumn()
    {
        var ml = new MLContext(seed: 1);
        var view = new EcgDataView(new CountingSource(4), Double, Length, new[] { "A", "B" });
        var rows = ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToList();
        Assert.HasCount(4, rows);
        CollectionAssert.AreEqual(new[] { 200f, 202f, 204f, 206f, 208f, 210f }, rows[1].Signal);
        Assert.AreEqual("report 1, with comma", rows[1].Report);
        Assert.AreEqual("r3", rows[3].RecordId);
        Assert.AreEqual("train", rows[0].Split);
        Assert.AreEqual("test", rows[3].Split);
        CollectionAssert.AreEqual(new[] { 0f, 1f }, rows[0].Labels); // "Z" is not a class and is ignored
        CollectionAssert.AreEqual(new[] { 1f, 0f }, rows[1].Labels);
    }

    [TestMethod]
    public void ReadsRecordsOnDemandAndSkipsInactiveSignal()
    {
        var ml = new MLContext(seed: 1);
        var source = new CountingSource(1000);
        var view = new EcgDataView(source, Double, Length, new[] { "A", "B" });
        var firstThree = ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).Take(3).Select(r => r.RecordId).ToList();
        CollectionAssert.AreEqual(new[] { "r0", "r1", "r2" }, firstThree);
        Assert.IsLessThan(5, source.Materialised, "records must be read on demand, not the whole source");

        int before = Volatile.Read(ref _transforms);
        var reports = view.GetColumn<string>(EcgDataView.ReportColumn).ToList();
        Assert.HasCount(1000, reports);
        Assert.AreEqual(before, Volatile.Read(ref _transforms), "the signal must not be computed when the Signal column is inactive");
    }

    [TestMethod]
    public void EveryCursorStartsAFreshPass()
    {
        var source = new CountingSource(5);
        var view = new EcgDataView(source, Double, Length);
        Assert.HasCount(5, view.GetColumn<string>(EcgDataView.RecordIdColumn).ToList());
        Assert.HasCount(5, view.GetColumn<string>(EcgDataView.RecordIdColumn).ToList());
        Assert.AreEqual(2, source.Passes);
        Assert.AreEqual(10, source.Materialised);
    }

    [TestMethod]
    public void CursorReportsPositionIdsAndRejectsInactiveColumns()
    {
        var view = new EcgDataView(new CountingSource(3), Double, Length, new[] { "A", "B" });
        var report = view.Schema[EcgDataView.ReportColumn];
        using var cursor = view.GetRowCursor(new[] { report });
        Assert.AreEqual(-1L, cursor.Position);
        Assert.IsTrue(cursor.IsColumnActive(report));
        Assert.IsFalse(cursor.IsColumnActive(view.Schema[EcgDataView.SignalColumn]));
        Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(view.Schema[EcgDataView.SignalColumn]));
        Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<float>(report));
        var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(report);
        var getId = cursor.GetIdGetter();
        var ids = new List<DataViewRowId>();
        while (cursor.MoveNext())
        {
            DataViewRowId id = default;
            getId(ref id);
            ids.Add(id);
            Assert.AreEqual(0L, cursor.Batch);
        }
        Assert.AreEqual(2L, cursor.Position);
        Assert.HasCount(3, ids.Distinct());
        Assert.HasCount(1, view.GetRowCursorSet(new[] { report }, 4));
    }

    [TestMethod]
    public void WrongSignalLengthNamesTheRecord()
    {
        var view = new EcgDataView(new CountingSource(2), r => new float[Length - 1], Length);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => view.GetColumn<float[]>(EcgDataView.SignalColumn).ToList());
        StringAssert.Contains(ex.Message, "'r0'");
    }

    [TestMethod]
    public void RejectsBadClassLists()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new EcgDataView(new CountingSource(1), Double, Length, new[] { "A", "A" }));
        Assert.ThrowsExactly<ArgumentException>(() => new EcgDataView(new CountingSource(1), Double, Length, Array.Empty<string>()));
    }
}
