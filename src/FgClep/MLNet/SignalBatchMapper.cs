using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Computes output columns from a batch of preprocessed signals (and, for a mapper that names one, a text column) in one
/// model call, for <see cref="SignalBatchDataView"/>. Output values are float vectors, boolean vectors, keys, text or
/// variable-length text vectors.
/// </summary>
internal abstract class SignalBatchMapper
{
    /// <summary>One output column: name, type (a known-size Single or Boolean vector, or text) and annotations.</summary>
    public sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

    /// <summary>The input column of preprocessed signals.</summary>
    public abstract string SignalColumnName { get; }

    /// <summary>A text input column the mapping also reads (e.g. the report), or null when it reads the signal only.</summary>
    public virtual string? TextColumnName => null;

    /// <summary>Length of a signal (leads × samples).</summary>
    public abstract int SignalLength { get; }

    /// <summary>Rows read ahead and mapped in one call.</summary>
    public abstract int BatchSize { get; }

    /// <summary>The columns added, in order.</summary>
    public abstract IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>
    /// Maps the rows of a batch. Returns one array per output column, each with one value per signal:
    /// <c>float[][]</c>, <c>bool[][]</c>, <c>uint[]</c>, <c>string[]</c> or <c>string[][]</c> by the column's type.
    /// </summary>
    /// <param name="signals">The rows' signals.</param>
    /// <param name="texts">The rows' values of <see cref="TextColumnName"/>; null when it is null.</param>
    public abstract Array[] Map(IReadOnlyList<float[]> signals, IReadOnlyList<string>? texts);

    /// <summary>Reads the current row's signal into a new array (<paramref name="buffer"/> is the getter's reusable buffer).</summary>
    internal static float[] ReadSignal(ValueGetter<VBuffer<float>> getter, ref VBuffer<float> buffer)
    {
        getter(ref buffer);
        return buffer.IsDense ? buffer.GetValues().ToArray() : buffer.DenseValues().ToArray();
    }

    /// <summary>The text column's getter on <paramref name="row"/>, or null when the mapper reads no text.</summary>
    internal ValueGetter<ReadOnlyMemory<char>>? TextGetter(DataViewRow row) =>
        TextColumnName is null ? null : row.GetGetter<ReadOnlyMemory<char>>(row.Schema[TextColumnName]);
}
