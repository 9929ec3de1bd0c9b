using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

/// <summary>
/// A tokenised batch of texts: ids and attention mask, row-major <c>[BatchSize, SequenceLength]</c>, padded with the
/// tokenizer's <c>[PAD]</c> id (mask 0).
/// </summary>
/// <param name="InputIds">Token ids, <c>BatchSize × SequenceLength</c> values.</param>
/// <param name="AttentionMask">1 for real tokens (including <c>[CLS]</c>/<c>[SEP]</c>), 0 for padding.</param>
/// <param name="BatchSize">Number of texts.</param>
/// <param name="SequenceLength">Length of every row (the longest text's, capped by the tokenizer's maximum length).</param>
public sealed record TokenBatch(long[] InputIds, long[] AttentionMask, int BatchSize, int SequenceLength)
{
    /// <summary>The batch as two int64 tensors <c>[BatchSize, SequenceLength]</c> (input ids, attention mask).</summary>
    /// <param name="device">Where to create them; the CPU when null.</param>
    /// <returns>The input-id and attention-mask tensors; the caller disposes them.</returns>
    public (Tensor InputIds, Tensor AttentionMask) ToTensors(Device? device = null)
    {
        long[] shape = [BatchSize, SequenceLength];
        return (tensor(InputIds, shape, ScalarType.Int64, device), tensor(AttentionMask, shape, ScalarType.Int64, device));
    }
}
