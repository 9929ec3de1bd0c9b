using FgClep.Modeling;

namespace FgClep.Cli;

/// <summary>ECG embeddings of many records, one model batch at a time, with progress and cancellation between batches.</summary>
internal static class EmbeddingProgress
{
    public static IReadOnlyList<float[]> EmbedSignals(FgClepModel model, IReadOnlyList<float[]> signals, CliOutput output, CancellationToken cancellationToken) =>
        output.Progress("Embedding ECGs", progress =>
        {
            var embeddings = new List<float[]>(signals.Count);
            for (int start = 0; start < signals.Count; start += model.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                embeddings.AddRange(model.EmbedSignals(signals.Skip(start).Take(model.BatchSize).ToList()));
                progress.Report(embeddings.Count, signals.Count);
            }
            return embeddings;
        });
}
