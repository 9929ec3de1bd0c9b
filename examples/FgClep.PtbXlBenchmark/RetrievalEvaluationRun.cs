using FgClep.Datasets;
using FgClep.Evaluation;
using FgClep.Inference;

namespace FgClep.PtbXlBenchmark;

/// <summary>Text → ECG retrieval on the test fold for waveform-feature queries, judged by the records' SCP statements.</summary>
internal static class RetrievalEvaluationRun
{
    /// <summary>Each query and the SCP codes whose presence makes a record relevant.</summary>
    public static readonly (string Query, string[] Codes)[] Queries =
    {
        ("RSR' pattern", new[] { "IRBBB", "CRBBB" }),
        ("inverted T waves", new[] { "INVT" }),
        ("low QRS voltages", new[] { "LVOLT" }),
        ("prolonged PR interval", new[] { "LPR", "1AVB" }),
        ("pathological Q waves", new[] { "QWAVE" }),
    };

    public static readonly int[] Ks = { 1, 5, 10 };

    public static RetrievalEvaluation Evaluate(ClepEncoder model, float[][] testEmbeddings, IReadOnlyList<PtbXlItem> test)
    {
        var queries = Queries.Select(q => new ZeroShotClass(q.Query)).ToList();
        var labels = test.Select(item => Queries.Select(q => q.Codes.Any(item.ScpCodes.Contains) ? 1f : 0f).ToArray()).ToList();
        return new Retrieval(model, testEmbeddings).Evaluate(queries, labels, Ks);
    }

    public static object ToJson(RetrievalEvaluation e) => new
    {
        ks = e.Ks,
        meanPrecision = e.MeanPrecision.Select(v => double.IsNaN(v) ? (double?)null : Math.Round(v, 4)),
        meanRecall = e.MeanRecall.Select(v => double.IsNaN(v) ? (double?)null : Math.Round(v, 4)),
        queries = e.Queries.Select(q => new
        {
            q.Name, q.Relevant,
            precision = q.Precision.Select(v => double.IsNaN(v) ? (double?)null : Math.Round(v, 4)),
            recall = q.Recall.Select(v => double.IsNaN(v) ? (double?)null : Math.Round(v, 4)),
        }),
    };
}
