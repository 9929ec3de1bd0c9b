using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Computes output columns from a batch of preprocessed signals in one model call, for <see cref="SignalBatchDataView"/>.
/// Output values are float vectors, boolean vectors or text.
/// </summary>
internal abstract class SignalBatchMapper
{
    /// <summary>One output column: name, type (a known-size Single or Boolean vector, or text) and annotations.</summary>
    public sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

    /// <summary>The input column of preprocessed signals.</summary>
    public abstract string SignalColumnName { get; }

    /// <summary>Length of a signal (leads × samples).</summary>
    public abstract int SignalLength { get; }

    /// <summary>Rows read ahead and mapped in one call.</summary>
    public abstract int BatchSize { get; }

    /// <summary>The columns added, in order.</summary>
    public abstract IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>
    /// Maps the signals of a batch. Returns one array per output column, each with one value per signal:
    /// <c>float[][]</c>, <c>bool[][]</c> or <c>string[]</c> by the column's type.
    /// </summary>
    public abstract Array[] Map(IReadOnlyList<float[]> signals);

    /// <summary>Reads the current row's signal into a new array (<paramref name="buffer"/> is the getter's reusable buffer).</summary>
    internal static float[] ReadSignal(ValueGetter<VBuffer<float>> getter, ref VBuffer<float> buffer)
    {
        getter(ref buffer);
        return buffer.IsDense ? buffer.GetValues().ToArray() : buffer.DenseValues().ToArray();
    }
}
