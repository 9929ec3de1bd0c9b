using FgClep.Modeling.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>
/// The pooled text-encoder output (before the projection) of every unique report, computed once in evaluation mode for
/// <see cref="TextEncoderTraining.Frozen"/>: a training step then gathers rows instead of running the encoder.
/// </summary>
/// <remarks>
/// The reports are encoded in a fixed order (by length, then first appearance) and fixed chunks, so the same data and
/// weights give bit-identical features: a resumed run rebuilds exactly the cache of the uninterrupted one.
/// </remarks>
internal sealed class FrozenTextFeatures : IDisposable
{
    private const int ChunkSize = 64;

    private readonly Dictionary<string, long> _rows;
    private readonly Tensor _features;

    private FrozenTextFeatures(Dictionary<string, long> rows, Tensor features)
    {
        _rows = rows;
        _features = features;
    }

    /// <summary>Unique reports held.</summary>
    public int Count => _rows.Count;

    /// <summary>Encodes every unique report of <paramref name="reports"/> with <paramref name="encoder"/> (put into evaluation mode), on <paramref name="device"/>.</summary>
    public static FrozenTextFeatures Compute(BertTextEncoder encoder, ReportTokenizer tokenizer, IEnumerable<string> reports, Device device)
    {
        var unique = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in reports)
            if (seen.Add(report)) unique.Add(report);
        // Similar lengths share a chunk: less padding to encode.
        var ordered = unique.Select((r, i) => (r, i)).OrderBy(x => x.r.Length).ThenBy(x => x.i).Select(x => x.r).ToArray();
        var rows = new Dictionary<string, long>(ordered.Length, StringComparer.Ordinal);
        for (int i = 0; i < ordered.Length; i++) rows[ordered[i]] = i;

        encoder.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var parts = new List<Tensor>();
        for (int start = 0; start < ordered.Length; start += ChunkSize)
        {
            using var chunkScope = torch.NewDisposeScope();
            var tokens = tokenizer.Encode(ordered.AsSpan(start, Math.Min(ChunkSize, ordered.Length - start)).ToArray());
            var (ids, mask) = tokens.ToTensors(device);
            parts.Add(encoder.forward(ids, mask).MoveToOuterDisposeScope());
        }
        var features = parts.Count == 0
            ? torch.zeros(0, encoder.HiddenSize, device: device)
            : torch.cat(parts, 0);
        return new FrozenTextFeatures(rows, features.DetachFromDisposeScope());
    }

    /// <summary>The features of <paramref name="reports"/> [B, HiddenSize], in the caller's dispose scope.</summary>
    /// <exception cref="KeyNotFoundException">A report that was not cached.</exception>
    public Tensor Gather(IReadOnlyList<string> reports)
    {
        var index = new long[reports.Count];
        for (int i = 0; i < index.Length; i++)
            index[i] = _rows.TryGetValue(reports[i], out long row) ? row : throw new KeyNotFoundException($"Report '{reports[i]}' has no cached text features.");
        using var scope = torch.NewDisposeScope();
        var indices = torch.tensor(index, ScalarType.Int64).to(_features.device);
        return _features.index_select(0, indices).MoveToOuterDisposeScope();
    }

    public void Dispose() => _features.Dispose();
}
