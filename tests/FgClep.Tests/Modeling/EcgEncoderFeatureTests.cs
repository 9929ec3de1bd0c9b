using TorchSharp;
using static TorchSharp.torch;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

/// <summary>The encoder output the linear probe reads: the ECG encoder's features before the projection.</summary>
// TinyClep seeds torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class EcgEncoderFeatureTests
{
    [TestMethod]
    public void FeaturesAreTheEncoderOutputThatTheProjectionTurnsIntoTheEmbedding()
    {
        using var model = TinyClep.EmbeddingModel();
        var data = TinyClep.Data(5);
        var signals = Enumerable.Range(0, data.Count).Select(i => data.Signal(i).ToArray()).ToList();
        var features = model.EcgEncoderFeatures(signals);
        Assert.HasCount(5, features);
        Assert.AreEqual(32, model.EcgEncoderFeatureSize, "ResNet18-1d of base width 4 ends with 4 × 8 channels");
        Assert.IsTrue(features.All(f => f.Length == model.EcgEncoderFeatureSize));
        Assert.AreNotEqual(model.EmbeddingSize, model.EcgEncoderFeatureSize);

        // Projecting and normalising the features gives EmbedSignals' embeddings.
        var projection = (nn.Module<Tensor, Tensor>)model.Network.named_children().Single(c => c.name == "ecg_projection").module;
        var embeddings = model.EmbedSignals(signals);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var projected = nn.functional.normalize(projection.forward(tensor(features.SelectMany(f => f).ToArray(), new long[] { 5, 32 })), p: 2, dim: 1);
        var expected = projected.data<float>().ToArray();
        var actual = embeddings.SelectMany(e => e).ToArray();
        for (int i = 0; i < actual.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5f, $"value {i}");
        Assert.IsTrue(features.Any(f => Math.Abs(f.Sum(v => (double)v * v) - 1) > 1e-3), "the features are not L2-normalised");
    }
}
