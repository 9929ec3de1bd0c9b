using FgClep.IO;
using FgClep.Modeling.Serialization;
using FgClep.Modeling.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class BertCheckpointTests
{
    private static readonly BertConfig Small = new()
    {
        VocabSize = 120, HiddenSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 128, MaxPositionEmbeddings = 32,
    };

    private string dir = "";

    [TestInitialize]
    public void CreateFolder() => dir = Directory.CreateTempSubdirectory("fgclep-bert-ckpt").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(dir, recursive: true);

    private static BertTextEncoder Encoder(int seed, BertConfig? config = null)
    {
        torch.random.manual_seed(seed);
        var encoder = new BertTextEncoder(config ?? Small);
        encoder.eval();
        return encoder;
    }

    private static Dictionary<string, byte[]> Bytes(nn.Module module)
        => module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.bytes.ToArray());

    private static void AssertSameParameters(Dictionary<string, byte[]> expected, nn.Module actual, string? onlyPrefix = null)
    {
        var got = Bytes(actual);
        foreach (var (name, bytes) in expected.Where(kv => onlyPrefix is null || kv.Key.StartsWith(onlyPrefix, StringComparison.Ordinal)))
            CollectionAssert.AreEqual(bytes, got[name], name);
    }

    private static Tensor Encode(BertTextEncoder encoder)
    {
        using var ids = tensor(new long[] { 2, 17, 45, 3, 0, 2, 99, 119, 5, 3 }, [2, 5]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 0, 1, 1, 1, 1, 1 }, [2, 5]);
        return encoder.forward(ids, mask);
    }

    [TestMethod]
    [DataRow("safetensors", true, false)]
    [DataRow("safetensors", false, false)]
    [DataRow("bin", true, false)]
    [DataRow("bin", false, false)]
    [DataRow("bin", true, true)]
    [DataRow("bin", false, true)]
    public void SavedWeightsLoadBitExactlyIntoAFreshEncoder(string format, bool withBertPrefix, bool legacyNames)
    {
        using var source = Encoder(1);
        var path = Path.Combine(dir, format == "bin" ? "pytorch_model.bin" : "model.safetensors");
        if (format == "bin") BertCheckpoint.SavePytorchBin(source, path, withBertPrefix, legacyNames);
        else BertCheckpoint.SaveSafetensors(source, path, withBertPrefix);

        var stored = format == "bin" ? PyTorchCheckpointFile.Read(path) : SafetensorsFile.Read(path);
        var keys = stored.Keys.ToList();
        foreach (var t in stored.Values) t.Dispose();
        Assert.AreEqual(withBertPrefix, keys.All(k => k.StartsWith("bert.", StringComparison.Ordinal)));
        Assert.AreEqual(legacyNames, keys.Contains((withBertPrefix ? "bert." : "") + "embeddings.LayerNorm.gamma"));

        using var target = Encoder(2);
        Assert.IsFalse(Bytes(source)["embeddings.word_embeddings.weight"].SequenceEqual(Bytes(target)["embeddings.word_embeddings.weight"]));
        var report = BertCheckpoint.Load(target, path);
        Assert.HasCount(source.state_dict().Count, report.LoadedKeys);
        Assert.IsEmpty(report.MissingKeys);
        Assert.IsEmpty(report.UnexpectedKeys);
        AssertSameParameters(Bytes(source), target);
        using var expected = Encode(source);
        using var actual = Encode(target);
        Assert.IsTrue(expected.eq(actual).all().item<bool>(), "identical weights must give identical outputs");
    }

    [TestMethod]
    public void DirectoryPrefersSafetensorsOverPytorchBin()
    {
        using var fromBin = Encoder(1);
        using var fromSafetensors = Encoder(2);
        BertCheckpoint.SavePytorchBin(fromBin, dir);
        BertCheckpoint.SaveSafetensors(fromSafetensors, dir);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "pytorch_model.bin")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "model.safetensors")));

        using var target = Encoder(3);
        BertCheckpoint.Load(target, dir);
        AssertSameParameters(Bytes(fromSafetensors), target);

        File.Delete(Path.Combine(dir, "model.safetensors"));
        BertCheckpoint.Load(target, dir);
        AssertSameParameters(Bytes(fromBin), target);
    }

    [TestMethod]
    public void MissingLayerIsAnErrorNamingTheKeysUnlessRandomInitIsAllowed()
    {
        using var oneLayer = Encoder(1, Small with { NumHiddenLayers = 1 });
        var path = Path.Combine(dir, "model.safetensors");
        BertCheckpoint.SaveSafetensors(oneLayer, path);

        using var target = Encoder(2);
        var before = Bytes(target);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => BertCheckpoint.Load(target, path));
        StringAssert.Contains(ex.Message, "encoder.layer.1.attention.self.query.weight");
        StringAssert.Contains(ex.Message, path);
        AssertSameParameters(before, target); // nothing copied on failure

        var report = BertCheckpoint.Load(target, path, allowRandomInit: true);
        Assert.HasCount(16, report.MissingKeys);
        Assert.IsTrue(report.MissingKeys.All(k => k.StartsWith("encoder.layer.1.", StringComparison.Ordinal)));
        Assert.HasCount(21, report.LoadedKeys);
        AssertSameParameters(Bytes(oneLayer), target, onlyPrefix: "encoder.layer.0.");
        AssertSameParameters(Bytes(oneLayer), target, onlyPrefix: "embeddings.");
        AssertSameParameters(before, target, onlyPrefix: "encoder.layer.1.");
    }

    [TestMethod]
    public void HeadsAndPoolerAreReportedAsUnexpectedNotErrors()
    {
        using var source = Encoder(1);
        using var scope = NewDisposeScope();
        var tensors = source.state_dict().ToDictionary(kv => "bert." + kv.Key, kv => kv.Value);
        tensors["cls.predictions.bias"] = zeros(120);
        tensors["cls.seq_relationship.weight"] = zeros(2, 64);
        tensors["bert.pooler.dense.weight"] = zeros(64, 64);
        tensors["bert.embeddings.position_ids"] = arange(32, dtype: ScalarType.Int64).unsqueeze(0);
        var path = Path.Combine(dir, "model.safetensors");
        SafetensorsFile.Write(path, tensors);

        using var target = Encoder(2);
        var report = BertCheckpoint.Load(target, path);
        CollectionAssert.AreEquivalent(
            new[] { "cls.predictions.bias", "cls.seq_relationship.weight", "bert.pooler.dense.weight", "bert.embeddings.position_ids" },
            report.UnexpectedKeys.ToArray());
        Assert.IsEmpty(report.MissingKeys);
        AssertSameParameters(Bytes(source), target);
    }

    [TestMethod]
    public void ShapeMismatchNamesTheKeyAndBothShapes()
    {
        using var source = Encoder(1);
        var path = Path.Combine(dir, "model.safetensors");
        BertCheckpoint.SaveSafetensors(source, path);
        using var target = Encoder(2, Small with { VocabSize = 130 });
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => BertCheckpoint.Load(target, path));
        StringAssert.Contains(ex.Message, "embeddings.word_embeddings.weight");
        StringAssert.Contains(ex.Message, "[120, 64]");
        StringAssert.Contains(ex.Message, "[130, 64]");
    }

    [TestMethod]
    public void HalfPrecisionCheckpointIsConvertedOnLoad()
    {
        using var source = Encoder(1);
        using var scope = NewDisposeScope();
        var half = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float16));
        var path = Path.Combine(dir, "model.safetensors");
        SafetensorsFile.Write(path, half);
        using var target = Encoder(2);
        BertCheckpoint.Load(target, path);
        var loaded = target.state_dict();
        foreach (var (name, h) in half)
        {
            Assert.AreEqual(ScalarType.Float32, loaded[name].dtype);
            Assert.IsTrue(loaded[name].eq(h.to(ScalarType.Float32)).all().item<bool>(), name);
        }
    }

    [TestMethod]
    public void BadPathsAndFilesGiveClearErrors()
    {
        using var target = Encoder(1);
        Assert.ThrowsExactly<FileNotFoundException>(() => BertCheckpoint.Load(target, Path.Combine(dir, "nothing-here")));
        var empty = Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName;
        var noFile = Assert.ThrowsExactly<FileNotFoundException>(() => BertCheckpoint.Load(target, empty));
        StringAssert.Contains(noFile.Message, "model.safetensors");

        var garbage = Path.Combine(dir, "garbage.bin");
        File.WriteAllBytes(garbage, [0x80, 0x02, 0x8a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => BertCheckpoint.Load(target, garbage));
        StringAssert.Contains(ex.Message, garbage);

        var brokenZip = Path.Combine(dir, "broken.bin");
        File.WriteAllBytes(brokenZip, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]);
        var zipEx = Assert.ThrowsExactly<FgClepFormatException>(() => BertCheckpoint.Load(target, brokenZip));
        StringAssert.Contains(zipEx.Message, "torch.save");
    }
}
