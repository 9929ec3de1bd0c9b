using FgClep.Inference;

namespace FgClep.Cli.Infrastructure;

/// <summary>ECG embeddings of many records, one model batch at a time, with progress and cancellation between batches.</summary>
internal static class EmbeddingProgress
{
    public static IReadOnlyList<float[]> EmbedSignals(ClepEncoder model, IReadOnlyList<float[]> signals, CliOutput output, CancellationToken cancellationToken) =>
        Run(model, signals, model.EmbedSignals, output, cancellationToken);

    /// <summary>The ECG encoder's output before the projection (<see cref="ClepEncoder.EcgEncoderFeatures"/>), with progress.</summary>
    public static IReadOnlyList<float[]> EncoderFeatures(ClepEncoder model, IReadOnlyList<float[]> signals, CliOutput output, CancellationToken cancellationToken) =>
        Run(model, signals, model.EcgEncoderFeatures, output, cancellationToken);

    private static IReadOnlyList<float[]> Run(ClepEncoder model, IReadOnlyList<float[]> signals, Func<IReadOnlyList<float[]>, float[][]> encode,
        CliOutput output, CancellationToken cancellationToken) =>
        output.Progress("Embedding ECGs", progress =>
        {
            var embeddings = new List<float[]>(signals.Count);
            for (int start = 0; start < signals.Count; start += model.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                embeddings.AddRange(encode(signals.Skip(start).Take(model.BatchSize).ToList()));
                progress.Report(embeddings.Count, signals.Count);
            }
            return embeddings;
        });
}
