using System.Runtime.InteropServices;

namespace FgClep.Modeling.Text;

/// <summary>An ONNX <c>TensorProto</c> as read by <see cref="OnnxProtoReader"/>: name, shape, element type and its data.</summary>
/// <param name="Name">The tensor's name (an initializer's name is how nodes refer to it).</param>
/// <param name="Dims">The shape.</param>
/// <param name="DataType">The ONNX element type (1 float, 6 int32, 7 int64, 11 double).</param>
/// <param name="RawData">Little-endian <c>raw_data</c> (empty when the values are in a typed field).</param>
/// <param name="FloatData"><c>float_data</c> (empty when absent).</param>
/// <param name="Int64Data"><c>int64_data</c> (empty when absent).</param>
/// <param name="DoubleData"><c>double_data</c> (empty when absent).</param>
internal sealed record OnnxTensor(
    string Name, long[] Dims, int DataType, ReadOnlyMemory<byte> RawData, float[] FloatData, long[] Int64Data, double[] DoubleData)
{
    public const int Float = 1, Int32 = 6, Int64 = 7, Double = 11;

    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    public string ShapeText => $"[{string.Join(", ", Dims)}]";

    /// <summary>The values as fp32; only float tensors qualify.</summary>
    /// <exception cref="FormatException">Not a float tensor, or the data does not hold <see cref="ElementCount"/> values.</exception>
    public float[] ToFloats()
    {
        if (DataType != Float) throw new FormatException($"tensor \"{Name}\" has ONNX data type {DataType}; expected 1 (float).");
        if (RawData.Length > 0)
        {
            if (RawData.Length != ElementCount * sizeof(float))
                throw new FormatException($"tensor \"{Name}\" {ShapeText} has {RawData.Length} bytes of raw_data; expected {ElementCount * sizeof(float)}.");
            return MemoryMarshal.Cast<byte, float>(RawData.Span).ToArray();
        }
        if (FloatData.Length != ElementCount)
            throw new FormatException($"tensor \"{Name}\" {ShapeText} has {FloatData.Length} float_data values; expected {ElementCount}.");
        return FloatData;
    }

    /// <summary>The single value of a scalar (or one-element) float/double/int tensor, as a double; null for anything else.</summary>
    public double? ScalarValue()
    {
        if (ElementCount != 1) return null;
        var raw = RawData.Span;
        return DataType switch
        {
            Float => raw.Length == 4 ? BitConverter.ToSingle(raw) : FloatData.Length == 1 ? FloatData[0] : null,
            Double => raw.Length == 8 ? BitConverter.ToDouble(raw) : DoubleData.Length == 1 ? DoubleData[0] : null,
            Int64 => raw.Length == 8 ? BitConverter.ToInt64(raw) : Int64Data.Length == 1 ? Int64Data[0] : null,
            _ => null,
        };
    }
}
