using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.Datasets;

/// <summary>
/// The one way records become model inputs held in memory: read a source, preprocess each record once, optionally rewrite
/// its report (e.g. translate it), in source order. Pre-training, the CLI and the examples all read their data through it;
/// <c>mlContext.Data.LoadPreprocessedEcg</c> turns the result into an ML.NET data view with the loaders' columns.
/// </summary>
public static class EcgCorpus
{
    /// <summary>Reads and preprocesses every record of <paramref name="source"/>.</summary>
    /// <param name="source">The records.</param>
    /// <param name="preprocessor">Turns each record into the model input.</param>
    /// <param name="report">Rewrites each report (e.g. <c>PtbXlReportTranslator.Default.Translate</c>); null keeps it.</param>
    /// <param name="progress">Hears the number of records done (from the worker threads when <paramref name="parallel"/>).</param>
    /// <param name="parallel">Preprocess on all cores (records are still returned in source order).</param>
    /// <param name="cancellationToken">Stops the read between records.</param>
    public static List<PreprocessedEcg> Preprocess(IEcgRecordSource source, EcgPreprocessor preprocessor, Func<string, string>? report = null,
        IProgress<int>? progress = null, bool parallel = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Run(source.GetRecords(), preprocessor, report, progress, parallel, cancellationToken);
    }

    /// <summary>
    /// Reads records <c>0 .. <paramref name="count"/> − 1</c> with <paramref name="read"/> and preprocesses them; with
    /// <paramref name="parallel"/> the reads run on all cores too (use it for sources that can read any record by index,
    /// such as <c>SyntheticEcgGenerator.Generate</c>).
    /// </summary>
    /// <param name="count">How many records.</param>
    /// <param name="read">Reads record i.</param>
    /// <param name="preprocessor">Turns each record into the model input.</param>
    /// <param name="report">Rewrites each report; null keeps it.</param>
    /// <param name="progress">Hears the number of records done (from the worker threads when <paramref name="parallel"/>).</param>
    /// <param name="parallel">Read and preprocess on all cores (records are still returned in index order).</param>
    /// <param name="cancellationToken">Stops the read between records.</param>
    public static List<PreprocessedEcg> Preprocess(int count, Func<int, IO.EcgRecord> read, EcgPreprocessor preprocessor,
        Func<string, string>? report = null, IProgress<int>? progress = null, bool parallel = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(read);
        IO.EcgRecord Read(int i) => read(i) ?? throw new InvalidOperationException($"Reading record {i} returned no record.");
        if (!parallel) return Run(Enumerable.Range(0, count).Select(Read), preprocessor, report, progress, false, cancellationToken);
        ArgumentNullException.ThrowIfNull(preprocessor);
        int done = 0;
        return Enumerable.Range(0, count).AsParallel().AsOrdered().WithCancellation(cancellationToken)
            .Select(i => One(Read(i), preprocessor, report, progress, ref done)).ToList();
    }

    private static List<PreprocessedEcg> Run(IEnumerable<IO.EcgRecord> records, EcgPreprocessor preprocessor, Func<string, string>? report,
        IProgress<int>? progress, bool parallel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        int done = 0;
        if (parallel)
            return records.AsParallel().AsOrdered().WithCancellation(cancellationToken)
                .Select(r => One(r, preprocessor, report, progress, ref done)).ToList();
        var items = new List<PreprocessedEcg>();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            items.Add(One(record, preprocessor, report, progress, ref done));
        }
        return items;
    }

    private static PreprocessedEcg One(IO.EcgRecord record, EcgPreprocessor preprocessor, Func<string, string>? report, IProgress<int>? progress, ref int done)
    {
        if (record is null) throw new InvalidOperationException($"The record source returned no record after {done} records.");
        var item = PreprocessedEcg.From(record, preprocessor.Process(record), report?.Invoke(record.Report));
        int finished = Interlocked.Increment(ref done);
        progress?.Report(finished);
        return item;
    }
}
