using System.Text;
using System.Text.Json.Nodes;
using FgClep.IO;
using FgClep.Modeling.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class SafetensorsTests
{
    private string dir = "";

    [TestInitialize]
    public void CreateFolder() => dir = Directory.CreateTempSubdirectory("fgclep-safetensors").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(dir, recursive: true);

    private static byte[] File(string json, byte[] data, long? declaredHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        return [.. BitConverter.GetBytes(declaredHeaderLength ?? header.Length), .. header, .. data];
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(dir, $"{Guid.NewGuid():N}.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    public void ReadsAHandBuiltFile()
    {
        byte[] data = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), .. BitConverter.GetBytes(7L)];
        var path = Write(File("""{"__metadata__":{"format":"pt"},"b":{"dtype":"I64","shape":[1,1],"data_offsets":[8,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", data));
        var tensors = SafetensorsFile.Read(path);
        try
        {
            CollectionAssert.AreEqual(new[] { "b", "a" }, tensors.Keys.ToArray());
            CollectionAssert.AreEqual(new[] { 1.5f, -2f }, tensors["a"].data<float>().ToArray());
            CollectionAssert.AreEqual(new long[] { 1, 1 }, tensors["b"].shape);
            Assert.AreEqual(7L, tensors["b"].item<long>());
            Assert.AreEqual(DeviceType.CPU, tensors["a"].device_type);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [TestMethod]
    public void EveryDtypeRoundTripsBitExactly()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(9);
        var source = new Dictionary<string, Tensor>
        {
            ["f64"] = randn(3, 2, dtype: ScalarType.Float64),
            ["f32"] = randn(4, dtype: ScalarType.Float32),
            ["f16"] = randn(2, 3).to(ScalarType.Float16),
            ["bf16"] = randn(5).to(ScalarType.BFloat16),
            ["i64"] = tensor(new long[] { long.MinValue, -1, long.MaxValue }),
            ["i32"] = tensor(new[] { int.MinValue, 5 }),
            ["i16"] = tensor(new short[] { -3, 300 }),
            ["i8"] = tensor(new sbyte[] { -128, 127 }),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(3.25f),
            ["empty"] = zeros(0, 4),
            ["transposed"] = randn(3, 4).t(), // not contiguous
        };
        var path = Path.Combine(dir, "all.safetensors");
        SafetensorsFile.Write(path, source);

        var raw = System.IO.File.ReadAllBytes(path);
        var headerLength = BitConverter.ToInt64(raw, 0);
        Assert.AreEqual(0, headerLength % 8, "the data section starts 8-byte aligned");
        var header = JsonNode.Parse(Encoding.UTF8.GetString(raw, 8, (int)headerLength))!.AsObject();
        Assert.AreEqual("pt", header["__metadata__"]!["format"]!.GetValue<string>());
        Assert.AreEqual("BF16", header["bf16"]!["dtype"]!.GetValue<string>());

        var loaded = SafetensorsFile.Read(path);
        CollectionAssert.AreEqual(source.Keys.ToArray(), loaded.Keys.ToArray());
        foreach (var (name, expected) in source)
        {
            var actual = loaded[name];
            Assert.AreEqual(expected.dtype, actual.dtype, name);
            CollectionAssert.AreEqual(expected.shape, actual.shape, name);
            CollectionAssert.AreEqual(expected.contiguous().bytes.ToArray(), actual.bytes.ToArray(), name);
        }
    }

    [TestMethod]
    public void MalformedFilesNameTheFileAndWhereTheProblemIs()
    {
        var data = new byte[8];
        (byte[] Bytes, string Expect)[] cases =
        [
            ([1, 2, 3], "byte 0"),
            (File("{}", data, declaredHeaderLength: 4096), "header length"),
            (File("{\"a\": [", data), "JSON"),
            (File("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", data), "header entry \"a\""),
            (File("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", data), "expected 12 bytes"),
            (File("""{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", data), "Q4"),
            (File("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", data), "non-negative"),
            (File("""{"w":{"dtype":"F32","shape":"two","data_offsets":[0,8]}}""", data), "shape"),
        ];
        foreach (var (bytes, expect) in cases)
        {
            var path = Write(bytes);
            var ex = Assert.ThrowsExactly<FgClepFormatException>(() => SafetensorsFile.Read(path), expect);
            StringAssert.Contains(ex.Message, path);
            StringAssert.Contains(ex.Message, expect);
        }
    }
}
