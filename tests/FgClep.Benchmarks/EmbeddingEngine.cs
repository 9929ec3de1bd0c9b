namespace FgClep.Benchmarks;

/// <summary>One way of embedding a list of preprocessed signals (an engine plus its settings), and what to dispose after.</summary>
internal sealed class EmbeddingEngine(string name, Func<IReadOnlyList<float[]>, float[][]> embed, params IDisposable[] resources) : IDisposable
{
    public string Name { get; } = name;

    public float[][] Embed(IReadOnlyList<float[]> signals) => embed(signals);

    public void Dispose()
    {
        foreach (var r in resources) r.Dispose();
    }
}
