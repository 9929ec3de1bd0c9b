using System.Text;

namespace FgClep.Tests.Modeling.TextEncoders;

/// <summary>Writes small ONNX models (protocol-buffers wire format) for tests: initializers, nodes with attributes, graph inputs.</summary>
internal sealed class OnnxTestModelWriter
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<string> _inputs = [];

    public OnnxTestModelWriter Input(string name)
    {
        _inputs.Add(name);
        return this;
    }

    /// <summary>A float initializer, stored as <c>raw_data</c> or (with <paramref name="asFloatData"/>) as packed <c>float_data</c>.</summary>
    public OnnxTestModelWriter Initializer(string name, long[] dims, float[] values, bool asFloatData = false)
    {
        _initializers.Add(Tensor(name, dims, values, asFloatData));
        return this;
    }

    public OnnxTestModelWriter Node(string opType, string[] inputs, string[] outputs, params byte[][] attributes)
    {
        var node = new MemoryStream();
        foreach (var i in inputs) WriteString(node, 1, i);
        foreach (var o in outputs) WriteString(node, 2, o);
        WriteString(node, 4, opType);
        foreach (var a in attributes) WriteBytes(node, 5, a);
        _nodes.Add(node.ToArray());
        return this;
    }

    /// <summary>A <c>Constant</c> node holding a scalar float.</summary>
    public OnnxTestModelWriter Constant(string output, float value)
        => Node("Constant", [], [output], TensorAttribute("value", Tensor("", [], [value], asFloatData: false)));

    public static byte[] FloatAttribute(string name, float value)
    {
        var a = new MemoryStream();
        WriteString(a, 1, name);
        WriteKey(a, 2, 5);
        a.Write(BitConverter.GetBytes(value));
        return a.ToArray();
    }

    public byte[] ToBytes()
    {
        var graph = new MemoryStream();
        foreach (var n in _nodes) WriteBytes(graph, 1, n);
        WriteString(graph, 2, "test");
        foreach (var t in _initializers) WriteBytes(graph, 5, t);
        foreach (var i in _inputs)
        {
            var info = new MemoryStream();
            WriteString(info, 1, i);
            WriteBytes(graph, 11, info.ToArray());
        }
        var model = new MemoryStream();
        WriteKey(model, 1, 0);
        WriteVarint(model, 8);
        WriteString(model, 2, "fgclep-tests");
        WriteBytes(model, 7, graph.ToArray());
        return model.ToArray();
    }

    private static byte[] TensorAttribute(string name, byte[] tensor)
    {
        var a = new MemoryStream();
        WriteString(a, 1, name);
        WriteBytes(a, 5, tensor);
        return a.ToArray();
    }

    private static byte[] Tensor(string name, long[] dims, float[] values, bool asFloatData)
    {
        var t = new MemoryStream();
        foreach (var d in dims)
        {
            WriteKey(t, 1, 0);
            WriteVarint(t, (ulong)d);
        }
        WriteKey(t, 2, 0);
        WriteVarint(t, 1);
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        if (asFloatData) WriteBytes(t, 4, bytes);
        WriteString(t, 8, name);
        if (!asFloatData) WriteBytes(t, 9, bytes);
        return t.ToArray();
    }

    private static void WriteKey(Stream s, int field, int wire) => WriteVarint(s, (ulong)(field << 3 | wire));

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static void WriteBytes(Stream s, int field, byte[] bytes)
    {
        WriteKey(s, field, 2);
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void WriteString(Stream s, int field, string value) => WriteBytes(s, field, Encoding.UTF8.GetBytes(value));
}
