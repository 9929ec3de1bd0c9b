using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// A minimal reader of ONNX model files (protocol buffers): <c>ModelProto.graph</c> → nodes (op type, inputs, outputs,
/// attributes), initializers (name, dims, data type, <c>raw_data</c>/<c>float_data</c>/<c>int64_data</c>/<c>double_data</c>)
/// and the graph's input and output names. Everything else in the file is skipped. Tensor data is not copied.
/// </summary>
internal static class OnnxProtoReader
{
    /// <summary>Parses an ONNX model held in memory.</summary>
    /// <param name="model">The <c>ModelProto</c> bytes.</param>
    /// <param name="sourcePath">The file (or resource) they came from, for error messages.</param>
    /// <exception cref="FgClepFormatException">The bytes are not a well-formed ONNX model with a graph, or use external data.</exception>
    public static OnnxGraph Read(ReadOnlyMemory<byte> model, string sourcePath)
    {
        try
        {
            var reader = new ProtobufWireReader(model);
            OnnxGraph? graph = null;
            while (reader.TryReadKey(out var field, out var wire))
            {
                if (field == 7)
                {
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    graph = ReadGraph(reader.ReadMessage(), sourcePath);
                }
                else reader.Skip(wire);
            }
            return graph ?? throw new FgClepFormatException(sourcePath, null, "expected an ONNX model with a graph (ModelProto field 7); found none.");
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new FgClepFormatException(sourcePath, null, $"expected a well-formed ONNX model (protocol buffers): {ex.Message}", ex);
        }
    }

    private static OnnxGraph ReadGraph(ProtobufWireReader reader, string sourcePath)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<string>();
        var outputs = new List<string>();
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    nodes.Add(ReadNode(reader.ReadMessage(), sourcePath));
                    break;
                case 5:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    var offset = reader.FileOffset;
                    var tensor = ReadTensor(reader.ReadMessage(), sourcePath);
                    if (!initializers.TryAdd(tensor.Name, tensor))
                        throw new FgClepFormatException(sourcePath, $"byte {offset}", $"expected unique initializer names; \"{tensor.Name}\" occurs twice.");
                    break;
                case 11 or 12:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    (field == 11 ? inputs : outputs).Add(ReadValueInfoName(reader.ReadMessage()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxGraph(nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ProtobufWireReader reader, string sourcePath)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = "", opType = "";
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: inputs.Add(ReadString(ref reader, wire)); break;
                case 2: outputs.Add(ReadString(ref reader, wire)); break;
                case 3: name = ReadString(ref reader, wire); break;
                case 4: opType = ReadString(ref reader, wire); break;
                case 5:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    var attribute = ReadAttribute(reader.ReadMessage(), sourcePath);
                    attributes[attribute.Name] = attribute;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ProtobufWireReader reader, string sourcePath)
    {
        string name = "";
        float? f = null;
        long? i = null;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: name = ReadString(ref reader, wire); break;
                case 2:
                    reader.Expect(wire, ProtobufWireReader.Fixed32);
                    f = reader.ReadFixed32Float();
                    break;
                case 3:
                    reader.Expect(wire, ProtobufWireReader.Varint);
                    i = reader.ReadInt64();
                    break;
                case 5:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    t = ReadTensor(reader.ReadMessage(), sourcePath);
                    break;
                case 7: reader.ReadFloats(wire, floats); break;
                case 8: reader.ReadInt64s(wire, ints); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxAttribute(name, f, i, t, floats.ToArray(), ints.ToArray());
    }

    private static OnnxTensor ReadTensor(ProtobufWireReader reader, string sourcePath)
    {
        var start = reader.FileOffset;
        var dims = new List<long>();
        var floats = new List<float>();
        var int64s = new List<long>();
        var doubles = new List<double>();
        var dataType = 0;
        var name = "";
        ReadOnlyMemory<byte> raw = default;
        var external = false;
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: reader.ReadInt64s(wire, dims); break;
                case 2:
                    reader.Expect(wire, ProtobufWireReader.Varint);
                    dataType = checked((int)reader.ReadInt64());
                    break;
                case 4: reader.ReadFloats(wire, floats); break;
                case 7: reader.ReadInt64s(wire, int64s); break;
                case 8: name = ReadString(ref reader, wire); break;
                case 9:
                    reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                    raw = reader.ReadBytes(out _);
                    break;
                case 10:
                    if (wire == ProtobufWireReader.Fixed64) doubles.Add(BitConverter.Int64BitsToDouble(reader.ReadInt64Fixed()));
                    else
                    {
                        reader.Expect(wire, ProtobufWireReader.LengthDelimited);
                        var bytes = reader.ReadBytes(out _);
                        for (var k = 0; k + 8 <= bytes.Length; k += 8) doubles.Add(BitConverter.ToDouble(bytes.Span[k..]));
                    }
                    break;
                case 13: external = true; reader.Skip(wire); break;
                case 14:
                    reader.Expect(wire, ProtobufWireReader.Varint);
                    external |= reader.ReadVarint() == 1;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        if (external)
            throw new FgClepFormatException(sourcePath, $"byte {start}", $"tensor \"{name}\" keeps its data in an external file; expected the data inside the model.");
        if (dims.Any(d => d < 0))
            throw new FgClepFormatException(sourcePath, $"byte {start}", $"tensor \"{name}\" has negative dimensions [{string.Join(", ", dims)}].");
        return new OnnxTensor(name, dims.ToArray(), dataType, raw, floats.ToArray(), int64s.ToArray(), doubles.ToArray());
    }

    private static string ReadValueInfoName(ProtobufWireReader reader)
    {
        var name = "";
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 1) name = ReadString(ref reader, wire);
            else reader.Skip(wire);
        }
        return name;
    }

    private static string ReadString(ref ProtobufWireReader reader, int wire)
    {
        reader.Expect(wire, ProtobufWireReader.LengthDelimited);
        return reader.ReadString();
    }
}
