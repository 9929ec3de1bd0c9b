using FgClep.Modeling;

namespace FgClep.Cli;

/// <summary>Embeds preprocessed ECGs in batches, with progress and cancellation between batches.</summary>
internal static class EcgEmbedder
{
    private const int Chunk = 256;

    public static float[][] Embed(FgClepModel model, IReadOnlyList<float[]> signals, CliOutput output, CancellationToken cancellationToken) =>
        output.Progress("Embedding ECGs", progress =>
        {
            var embeddings = new List<float[]>(signals.Count);
            for (int start = 0; start < signals.Count; start += Chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = Math.Min(Chunk, signals.Count - start);
                embeddings.AddRange(model.EmbedSignals(signals.Skip(start).Take(n).ToList()));
                progress.Report(start + n, signals.Count);
            }
            return embeddings.ToArray();
        });
}
