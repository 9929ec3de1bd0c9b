using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Preprocessing;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class EcgCorpusTests
{
    private static readonly SyntheticEcgGenerator Generator = new(new SyntheticEcgOptions { Seed = 11 });
    private static readonly EcgPreprocessor Preprocessor = new();

    [TestMethod]
    public void ASourceIsReadInOrderAndPreprocessedOnce()
    {
        var source = EcgRecordSource.FromFactory(() => Enumerable.Range(0, 6).Select(i => Generator.Generate(i)), 6);
        var progress = new List<int>();
        var records = EcgCorpus.Preprocess(source, Preprocessor, r => r.ToUpperInvariant(), new SynchronousProgressForTests(progress));

        Assert.HasCount(6, records);
        for (int i = 0; i < 6; i++)
        {
            var raw = Generator.Generate(i);
            Assert.AreEqual(raw.RecordId, records[i].RecordId);
            Assert.AreEqual(raw.Report.ToUpperInvariant(), records[i].Report);
            CollectionAssert.AreEqual(Preprocessor.Process(raw), records[i].Input);
            CollectionAssert.AreEqual(raw.Labels.ToArray(), records[i].Labels.ToArray());
            CollectionAssert.AreEqual(raw.WaveformFeatures.ToArray(), records[i].WaveformFeatures.ToArray());
        }
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, progress);
    }

    [TestMethod]
    public void ParallelReadingKeepsTheOrderAndTheValues()
    {
        var sequential = EcgCorpus.Preprocess(24, i => Generator.Generate(i), Preprocessor);
        var parallel = EcgCorpus.Preprocess(24, i => Generator.Generate(i), Preprocessor, parallel: true);
        var source = EcgRecordSource.FromFactory(() => Enumerable.Range(0, 24).Select(i => Generator.Generate(i)), 24);
        var parallelSource = EcgCorpus.Preprocess(source, Preprocessor, parallel: true);

        CollectionAssert.AreEqual(sequential.Select(r => r.RecordId).ToList(), parallel.Select(r => r.RecordId).ToList());
        CollectionAssert.AreEqual(sequential.Select(r => r.RecordId).ToList(), parallelSource.Select(r => r.RecordId).ToList());
        for (int i = 0; i < sequential.Count; i++)
        {
            CollectionAssert.AreEqual(sequential[i].Input, parallel[i].Input);
            CollectionAssert.AreEqual(sequential[i].Input, parallelSource[i].Input);
        }
    }

    [TestMethod]
    public void ACancelledReadStops()
    {
        using var cancel = new CancellationTokenSource();
        int read = 0;
        var source = EcgRecordSource.FromFactory(() => Enumerable.Range(0, 50).Select(i =>
        {
            if (++read == 3) cancel.Cancel();
            return Generator.Generate(i);
        }), 50);
        Assert.ThrowsExactly<OperationCanceledException>(() => EcgCorpus.Preprocess(source, Preprocessor, cancellationToken: cancel.Token));
        Assert.AreEqual(3, read);
    }

    [TestMethod]
    public void AReaderThatReturnsNothingIsNamed()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
            EcgCorpus.Preprocess(3, i => i == 1 ? null! : Generator.Generate(i), Preprocessor));
        StringAssert.Contains(error.Message, "record 1");
        var source = EcgRecordSource.FromFactory(() => new[] { Generator.Generate(0), null! }, 2);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => EcgCorpus.Preprocess(source, Preprocessor)).Message, "after 1 records");
    }

    private sealed class SynchronousProgressForTests(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
