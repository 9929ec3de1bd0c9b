
namespace FgClep.Evaluation;

/// <summary>Precision and recall at each k for one query of a <see cref="RetrievalEvaluation"/>.</summary>
/// <param name="Name">The query (class) name.</param>
/// <param name="Relevant">ECGs in the gallery that have the query's label.</param>
/// <param name="Precision">Relevant ECGs among the top k, divided by k, for each k; NaN when <paramref name="Relevant"/> is 0.</param>
/// <param name="Recall">Relevant ECGs among the top k, divided by <paramref name="Relevant"/>, for each k; NaN when it is 0.</param>
public sealed record RetrievalQueryResult(string Name, int Relevant, IReadOnlyList<double> Precision, IReadOnlyList<double> Recall);
