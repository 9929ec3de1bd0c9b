using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace FgClep.Onnx;

/// <summary>Accumulates the nodes, constant initializers, inputs and outputs of one ONNX graph.</summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>Opset of the default ONNX domain the graphs are written for.</summary>
    public const int Opset = 17;

    // IR version 8 is the one that introduced opset 17.
    private const long IrVersion = 8;

    private readonly GraphProto _graph;
    private int _counter;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>A float32 constant; returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int64 constant (shapes, axes); returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int8 constant (quantized weights); returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        AddConstant(name, MemoryMarshal.AsBytes(values), values.Length, TensorProto.Types.DataType.Int8, dims);

    /// <summary>A uint8 constant (activation zero points); returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        AddConstant(name, values, values.Length, TensorProto.Types.DataType.Uint8, dims);

    /// <summary>An int32 constant (quantized biases); returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<int> values, params long[] dims) =>
        AddConstant(name, MemoryMarshal.AsBytes(values), values.Length, TensorProto.Types.DataType.Int32, dims);

    private string AddConstant(string name, ReadOnlySpan<byte> raw, int count, TensorProto.Types.DataType type, long[] dims)
    {
        CheckCount(name, count, dims);
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 graph output whose shape is left to the runtime (calibration taps).</summary>
    public void UnshapedOutput(string name) => _graph.Output.Add(new ValueInfoProto
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
    });

    /// <summary>A float32 scalar constant.</summary>
    public string Scalar(string name, float value) => Constant(name, [value]);

    /// <summary>Adds a node with one output; returns the output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
        => Node(opType, inputs, null, attributes);

    /// <summary>Adds a node with one output named <paramref name="output"/> (or a fresh name); returns the output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, string? output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique(opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? node.Name + "_out");
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>A float32 graph input of shape [batch, dims...] with a symbolic batch dimension.</summary>
    public void BatchInput(string name, params long[] dims) => _graph.Input.Add(ValueInfo(name, batch: true, dims));

    /// <summary>A float32 graph output of shape [batch, dims...] with a symbolic batch dimension.</summary>
    public void BatchOutput(string name, params long[] dims) => _graph.Output.Add(ValueInfo(name, batch: true, dims));

    /// <summary>A float32 graph input of the fixed shape [dims...].</summary>
    public void FixedInput(string name, params long[] dims) => _graph.Input.Add(ValueInfo(name, batch: false, dims));

    /// <summary>A float32 graph output of the fixed shape [dims...].</summary>
    public void FixedOutput(string name, params long[] dims) => _graph.Output.Add(ValueInfo(name, batch: false, dims));

    /// <summary>The finished model.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FgClep",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static ValueInfoProto ValueInfo(string name, bool batch, long[] dims)
    {
        var shape = new TensorShapeProto();
        if (batch) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != count)
            throw new ArgumentException($"Constant '{name}' has {count} values; its shape [{string.Join(", ", dims)}] needs {expected}.");
    }

    private string Unique(string name) => $"{name}_{_counter++}";
}
