
namespace FgClep.Evaluation;

/// <summary>
/// Text-to-ECG retrieval quality: for each query, precision@k and recall@k against the labels, and their means over the
/// queries that have at least one relevant ECG (queries without any are listed with NaN and left out of the means).
/// </summary>
/// <param name="Ks">The cut-offs, in the order of the per-k lists.</param>
/// <param name="Queries">Per-query results.</param>
/// <param name="MeanPrecision">Mean precision@k over the queries with relevant ECGs, per k.</param>
/// <param name="MeanRecall">Mean recall@k over the queries with relevant ECGs, per k.</param>
public sealed record RetrievalEvaluation(IReadOnlyList<int> Ks, IReadOnlyList<RetrievalQueryResult> Queries, IReadOnlyList<double> MeanPrecision, IReadOnlyList<double> MeanRecall)
{
    /// <summary>Mean precision@<paramref name="k"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> was not evaluated.</exception>
    public double PrecisionAt(int k) => MeanPrecision[IndexOf(k)];

    /// <summary>Mean recall@<paramref name="k"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> was not evaluated.</exception>
    public double RecallAt(int k) => MeanRecall[IndexOf(k)];

    private int IndexOf(int k)
    {
        for (int i = 0; i < Ks.Count; i++)
            if (Ks[i] == k) return i;
        throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} was not evaluated; evaluated: {string.Join(", ", Ks)}.");
    }
}
