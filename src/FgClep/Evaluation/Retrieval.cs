using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Inference;

namespace FgClep.Evaluation;

/// <summary>
/// Text-to-ECG retrieval over a gallery of ECG embeddings: a query text is embedded with the model's text encoder and
/// the ECGs are ranked by the learned logit exp(t')·cos + b (P = σ(logit)), highest first, ties by gallery order.
/// </summary>
/// <example><code>
/// var gallery = model.EmbedSignals(signals);
/// var retrieval = new Retrieval(model, gallery, recordIds);
/// foreach (var hit in retrieval.Search("atrial fibrillation", k: 5)) Console.WriteLine($"{hit.RecordId}: {hit.Probability:P1}");
/// var quality = retrieval.Evaluate(PtbXlPrompts.Classes(database, PtbXlTask.Rhythm), labels, new[] { 1, 5, 10 });
/// </code></example>
public sealed class Retrieval
{
    private readonly ClepEncoder _model;
    private readonly IReadOnlyList<float[]> _gallery;
    private readonly IReadOnlyList<string>? _ids;

    /// <summary>Creates a retrieval index over <paramref name="ecgEmbeddings"/> (L2-normalised, e.g. from <see cref="ClepEncoder.EmbedSignals"/>).</summary>
    /// <param name="model">The model whose text encoder embeds the queries (not owned).</param>
    /// <param name="ecgEmbeddings">The gallery.</param>
    /// <param name="recordIds">One id per gallery ECG, or null.</param>
    /// <exception cref="ArgumentException">The gallery is empty, an embedding has the wrong size, or the ids do not match the gallery.</exception>
    public Retrieval(ClepEncoder model, IReadOnlyList<float[]> ecgEmbeddings, IReadOnlyList<string>? recordIds = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        ArgumentNullException.ThrowIfNull(ecgEmbeddings);
        if (ecgEmbeddings.Count == 0) throw new ArgumentException("The gallery is empty.", nameof(ecgEmbeddings));
        for (int i = 0; i < ecgEmbeddings.Count; i++)
            if (ecgEmbeddings[i]?.Length != model.EmbeddingSize)
                throw new ArgumentException($"ECG embedding {i} has {ecgEmbeddings[i]?.Length ?? 0} values; the model's embeddings have {model.EmbeddingSize}.", nameof(ecgEmbeddings));
        if (recordIds is not null && recordIds.Count != ecgEmbeddings.Count)
            throw new ArgumentException($"Got {recordIds.Count} record ids for {ecgEmbeddings.Count} ECGs.", nameof(recordIds));
        _gallery = ecgEmbeddings;
        _ids = recordIds;
    }

    /// <summary>Number of ECGs in the gallery.</summary>
    public int Count => _gallery.Count;

    /// <summary>The <paramref name="k"/> ECGs that best match <paramref name="query"/> (fewer when the gallery is smaller).</summary>
    public IReadOnlyList<RetrievalHit> Search(string query, int k)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        return Search(_model.EmbedTexts(new[] { query })[0], k);
    }

    /// <summary>The <paramref name="k"/> ECGs that best match an L2-normalised text embedding (fewer when the gallery is smaller).</summary>
    public IReadOnlyList<RetrievalHit> Search(ReadOnlySpan<float> textEmbedding, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        // The logit is symmetric in its two embeddings, so the model's one-against-many scoring serves text → ECGs too.
        var logits = _model.Logits(textEmbedding, _gallery);
        return Rank(logits).Take(k).Select(i => new RetrievalHit(i, _ids?[i], logits[i], ClepEncoder.Sigmoid(logits[i]))).ToArray();
    }

    /// <summary>
    /// Precision@k and recall@k of one query per class: a class's score for an ECG is its best prompt's logit (as in
    /// <see cref="ZeroShotClassifier"/>), and the ECGs that have the class are the relevant ones.
    /// </summary>
    /// <param name="queries">The query classes and their prompts.</param>
    /// <param name="labels">One 0/1 vector per gallery ECG, one value per query (&gt; 0.5 is relevant).</param>
    /// <param name="ks">Cut-offs, each in [1, <see cref="Count"/>].</param>
    public RetrievalEvaluation Evaluate(IReadOnlyList<ZeroShotClass> queries, IReadOnlyList<float[]> labels, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != Count) throw new ArgumentException($"Got {labels.Count} label rows for {Count} ECGs.", nameof(labels));
        var flat = new float[Count * queries.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i]?.Length != queries.Count)
                throw new ArgumentException($"Label row {i} has {labels[i]?.Length ?? 0} values for {queries.Count} queries.", nameof(labels));
            labels[i].CopyTo(flat, i * queries.Count);
        }
        var scores = new ZeroShotClassifier(_model, queries).ScoreLogitsAll(_gallery);
        return Evaluate(scores, flat, queries.Count, ks, queries.Select(q => q.Name).ToArray());
    }

    /// <summary>Precision@k and recall@k for any score matrix: [ECGs, queries] scores and 0/1 relevance labels, row-major.</summary>
    /// <param name="scores">Scores, ECGs × queries (higher ranks first; ties by ECG order).</param>
    /// <param name="labels">Relevance, ECGs × queries (&gt; 0.5 is relevant).</param>
    /// <param name="queryCount">Number of queries.</param>
    /// <param name="ks">Cut-offs, each in [1, ECGs].</param>
    /// <param name="queryNames">Query names; null for <c>query 0</c>, <c>query 1</c>, ...</param>
    /// <exception cref="ArgumentException">The matrices do not match, a score is NaN, or a cut-off is out of range.</exception>
    public static RetrievalEvaluation Evaluate(float[] scores, float[] labels, int queryCount, IReadOnlyList<int> ks, IReadOnlyList<string>? queryNames = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(ks);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryCount, 1);
        if (scores.Length != labels.Length || scores.Length % queryCount != 0 || scores.Length == 0)
            throw new ArgumentException($"Scores ({scores.Length}) and labels ({labels.Length}) must both be ECGs × {queryCount}, with at least one ECG.");
        int records = scores.Length / queryCount;
        if (ks.Count == 0) throw new ArgumentException("Give at least one cut-off k.", nameof(ks));
        foreach (var k in ks)
            if (k < 1 || k > records) throw new ArgumentOutOfRangeException(nameof(ks), k, $"Cut-offs must lie in [1, {records}] (the gallery size).");
        if (queryNames is not null && queryNames.Count != queryCount)
            throw new ArgumentException($"Got {queryNames.Count} query names for {queryCount} queries.", nameof(queryNames));

        var results = new RetrievalQueryResult[queryCount];
        var column = new float[records];
        for (int q = 0; q < queryCount; q++)
        {
            for (int i = 0; i < records; i++)
            {
                column[i] = scores[i * queryCount + q];
                if (float.IsNaN(column[i])) throw new ArgumentException($"Score of ECG {i} for query {q} is NaN.", nameof(scores));
            }
            var relevant = Enumerable.Range(0, records).Select(i => labels[i * queryCount + q] > 0.5f).ToArray();
            int total = relevant.Count(r => r);
            var ranked = Rank(column).ToArray();
            var precision = new double[ks.Count];
            var recall = new double[ks.Count];
            for (int j = 0; j < ks.Count; j++)
            {
                int hits = ranked.Take(ks[j]).Count(i => relevant[i]);
                precision[j] = total == 0 ? double.NaN : (double)hits / ks[j];
                recall[j] = total == 0 ? double.NaN : (double)hits / total;
            }
            results[q] = new RetrievalQueryResult(queryNames?[q] ?? $"query {q}", total, precision, recall);
        }
        var evaluated = results.Where(r => r.Relevant > 0).ToArray();
        double Mean(Func<RetrievalQueryResult, double> pick) => evaluated.Length == 0 ? double.NaN : evaluated.Average(pick);
        return new RetrievalEvaluation(ks.ToArray(), results,
            Enumerable.Range(0, ks.Count).Select(j => Mean(r => r.Precision[j])).ToArray(),
            Enumerable.Range(0, ks.Count).Select(j => Mean(r => r.Recall[j])).ToArray());
    }

    private static IEnumerable<int> Rank(float[] scores) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i);
}
