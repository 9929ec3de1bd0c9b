using System.Text;
using FgClep.IO;
using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Inference;

/// <summary>Model packages whose sizes lie: configs far larger than their weights, entries that unpack to far more than the package.</summary>
[TestClass]
public sealed class HostileModelPackageTests
{
    private static readonly byte[] Tiny = ModelPackageForTests.Tiny();

    private static ClepEncoder Load(byte[] package, string name)
    {
        var path = Path.Combine(DataTestFiles.NewDirectory(), name);
        File.WriteAllBytes(path, package);
        return ClepEncoder.Load(path);
    }

    [TestMethod]
    [DataRow(24000)]
    [DataRow(1_000_000)]
    public void ConfigLargerThanItsWeightsIsRefusedBeforeTheNetworkIsBuilt(int hiddenSize)
    {
        var package = ModelPackageForTests.WithTextHiddenSize(Tiny, hiddenSize);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(package, "big.fgclep"));

        Assert.Contains("big.fgclep", e.Message);
        Assert.Contains("config.json", e.Message);
        Assert.Contains("text_encoder.", e.Message);
        Assert.Contains(hiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [TestMethod]
    public void ConfigSizesBeyondAnySaneModelAreRefused()
    {
        var package = ModelPackageForTests.WithConfig(Tiny, c => c["Model"]!["Text"]!["NumHiddenLayers"] = 2_000_000);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(package, "deep.fgclep"));

        Assert.Contains("NumHiddenLayers", e.Message);
        Assert.Contains("2000000", e.Message);
    }

    [TestMethod]
    public void MaxTokensBeyondThePositionEmbeddingsIsRefused()
    {
        var package = ModelPackageForTests.WithConfig(Tiny, c => c["MaxTokens"] = 100_000);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(package, "long.fgclep"));

        Assert.Contains("MaxTokens 100000", e.Message);
    }

    [TestMethod]
    public void OversizedVocabularyEntryIsRefusedNamingPackageAndEntry()
    {
        var line = Encoding.UTF8.GetBytes("aaaaaaaaaaaaaaa\n");
        var package = ModelPackageForTests.WithEntry(Tiny, "vocab.txt", s =>
        {
            for (long written = 0; written <= ClepEncoderPackage.MaxVocabularyBytes; written += line.Length) s.Write(line);
        });
        Assert.IsLessThan(4 << 20, package.Length, "the package itself stays small");

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(package, "bomb.fgclep"));

        Assert.Contains("bomb.fgclep", e.Message);
        Assert.Contains("vocab.txt", e.Message);
        Assert.Contains($"at most {ClepEncoderPackage.MaxVocabularyBytes}", e.Message);
    }

    [TestMethod]
    public void BadVocabularyMessageNamesThePackageNotATemporaryCopy()
    {
        var package = ModelPackageForTests.WithEntry(Tiny, "vocab.txt", s => s.Write("[PAD]\nhello\n"u8));

        var e = Assert.ThrowsExactly<FgClepFormatException>(() => Load(package, "novocab.fgclep"));

        Assert.Contains("novocab.fgclep (entry vocab.txt)", e.Message);
        Assert.DoesNotContain("fgclep-vocab-", e.Message);
    }

    [TestMethod]
    public void ShapeCalculationMatchesTheBuiltNetwork()
    {
        var tokenizer = TinyClep.Tokenizer();
        foreach (var depth in new[] { 18, 50 })
        {
            var options = TinyClep.ModelOptions(tokenizer) with { Ecg = TinyClep.ModelOptions(tokenizer).Ecg with { Depth = depth } };
            using var model = new ClepModel(options);
            var built = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);

            var expected = ClepModelShapes.Expected(options);

            CollectionAssert.AreEquivalent(built.Keys.ToArray(), expected.Keys.ToArray(), $"depth {depth}");
            foreach (var (name, shape) in built) CollectionAssert.AreEqual(shape, expected[name], $"depth {depth}: {name}");
        }
    }

    [TestMethod]
    public void IntactPackageStillLoads()
    {
        using var model = Load(Tiny, "tiny.fgclep");
        Assert.AreEqual(16, model.Network.Options.Text.HiddenSize);
    }
}
