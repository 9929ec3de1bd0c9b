using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FgClep.IO;
using static TorchSharp.torch;

namespace FgClep.Modeling.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
/// <c>{dtype, shape, data_offsets}</c>, then the raw little-endian tensor bytes. Tensors are created on the CPU.
/// </summary>
internal static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>One tensor's entry in the header.</summary>
    internal sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    /// <summary>Reads every tensor, in header order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayName">How messages name the file (e.g. the package entry it was extracted from); the path when null.</param>
    /// <exception cref="FgClepFormatException">The file is truncated or its header is malformed or inconsistent.</exception>
    public static Dictionary<string, Tensor> Read(string path, string? displayName = null)
    {
        using var stream = RegularFile.OpenRead(path);
        var (entries, dataStart) = ReadHeader(stream, displayName ?? path);

        var result = new Dictionary<string, Tensor>(entries.Count);
        try
        {
            foreach (var entry in entries.OrderBy(e => e.Begin))
            {
                var tensor = empty(entry.Shape, entry.DType);
                stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
                if (entry.End > entry.Begin) tensor.ReadBytesFromStream(stream, 1 << 20);
                result[entry.Name] = tensor;
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return entries.ToDictionary(e => e.Name, e => result[e.Name]);
    }

    /// <summary>Reads only the header: every tensor's name, dtype, shape and place, checked against the file's length; no tensor is created.</summary>
    /// <inheritdoc cref="Read" />
    public static IReadOnlyList<Entry> ReadEntries(string path, string? displayName = null)
    {
        using var stream = RegularFile.OpenRead(path);
        return ReadHeader(stream, displayName ?? path).Entries;
    }

    private static (List<Entry> Entries, long DataStart) ReadHeader(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw new FgClepFormatException(path, "byte 0", $"expected an 8-byte safetensors header length; the file has only {fileLength} bytes.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 1 || headerLength > MaxHeaderBytes || headerLength > fileLength - 8)
            throw new FgClepFormatException(path, "byte 0",
                $"expected a header length between 2 and {Math.Min(MaxHeaderBytes, fileLength - 8)} bytes; found {headerLength}. Not a safetensors file?");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject
                ?? throw new FgClepFormatException(path, "byte 8", "expected a JSON object as the safetensors header.");
        }
        catch (JsonException ex)
        {
            throw new FgClepFormatException(path, $"byte {8 + (ex.BytePositionInLine ?? 0)}", $"expected a JSON safetensors header: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new FgClepFormatException(path, "byte 8", $"expected a safetensors header with unique names: {ex.Message}", ex);
        }

        var dataStart = 8 + headerLength;
        var dataLength = fileLength - dataStart;
        var entries = header.Where(kv => kv.Key != "__metadata__")
            .Select(kv => ParseEntry(path, kv.Key, kv.Value, dataLength))
            .ToList();
        return (entries, dataStart);
    }

    /// <summary>Writes the tensors (moved to the CPU, made contiguous) with a <c>{"format": "pt"}</c> metadata entry.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var list = tensors.ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, tensor) in list)
        {
            var bytes = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype, name),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // the data section starts 8-byte aligned
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((long)padded));
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in list)
        {
            using var scope = NewDisposeScope();
            tensor.detach().cpu().contiguous().WriteBytesToStream(stream, 1 << 20);
        }
    }

    private static Entry ParseEntry(string path, string name, JsonNode? node, long dataLength)
    {
        var where = $"header entry \"{name}\"";
        try
        {
            if (node is not JsonObject obj) throw Bad("expected an object with dtype, shape and data_offsets");
            var dtypeName = obj["dtype"]?.GetValue<string>() ?? throw Bad("expected a dtype");
            var dtype = ParseDType(dtypeName) ?? throw Bad($"expected a dtype among F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL; found {dtypeName}");
            var shape = (obj["shape"] as JsonArray ?? throw Bad("expected a shape array")).Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Any(d => d < 0)) throw Bad($"expected non-negative dimensions; found [{string.Join(", ", shape)}]");
            var offsets = (obj["data_offsets"] as JsonArray ?? throw Bad("expected a data_offsets array")).Select(d => d!.GetValue<long>()).ToArray();
            if (offsets.Length != 2) throw Bad($"expected data_offsets [begin, end]; found {offsets.Length} numbers");
            var (begin, end) = (offsets[0], offsets[1]);
            var expectedBytes = checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * ElementSize(dtype));
            if (begin < 0 || end < begin || end > dataLength)
                throw Bad($"expected data_offsets within the {dataLength}-byte data section; found [{begin}, {end}]");
            if (end - begin != expectedBytes)
                throw Bad($"expected {expectedBytes} bytes for {dtypeName}[{string.Join(", ", shape)}]; data_offsets span {end - begin}");
            return new Entry(name, dtype, shape, begin, end);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or NullReferenceException)
        {
            throw new FgClepFormatException(path, where, $"malformed safetensors header entry: {ex.Message}", ex);
        }

        FgClepFormatException Bad(string problem) => new(path, where, problem + ".");
    }

    private static ScalarType? ParseDType(string name) => name switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    private static string DTypeName(ScalarType dtype, string name) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"Tensor \"{name}\" has dtype {dtype}, which safetensors cannot store."),
    };

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
