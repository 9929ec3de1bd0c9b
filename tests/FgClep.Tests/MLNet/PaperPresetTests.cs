using FgClep.MLNet;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Training;
using TorchSharp;

namespace FgClep.Tests.MLNet;

/// <summary>FgClepPretrainPresets.Paper holds the paper's stated settings and builds a ResNet50-1d for 500 Hz × 10 s.</summary>
// Builds a network with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class PaperPresetTests
{
    [TestMethod]
    public void ThePaperPresetHasThePapersSettings()
    {
        var paper = FgClepPretrainPresets.Paper();
        var t = paper.Training;
        Assert.AreEqual((10, 100, 2e-5, 1e-4, 0.1), (t.Epochs, t.BatchSize, t.LearningRate, t.WeightDecay, t.WarmupFraction));
        Assert.AreEqual(ClepLossKind.SigmoidWithFalseNegativeMitigation, t.Loss);
        Assert.AreEqual(0.0, t.FalseNegativeMitigationWarmupFraction);
        Assert.AreEqual(0.0, t.SentenceSamplingShare);
        Assert.AreEqual(TextEncoderTraining.FineTune, t.TextEncoderTraining, "the paper fine-tunes its BERT");
        Assert.AreEqual((500, 5000, 12), (paper.Preprocessing.SamplingRate, paper.Preprocessing.SampleCount, paper.Preprocessing.Leads.Count));
        Assert.AreEqual(50, paper.Model.Ecg.Depth);
        Assert.AreEqual(PretrainedTextEncoder.MiniLmL6V2, paper.PretrainedTextEncoder);
        Assert.IsNull(paper.TextEncoderPath);
        Assert.AreEqual(3, FgClepPretrainPresets.Paper(epochs: 3).Training.Epochs);

        var clinical = FgClepPretrainPresets.Paper(textEncoderPath: "models/Bio_ClinicalBERT");
        Assert.AreEqual("models/Bio_ClinicalBERT", clinical.TextEncoderPath);
        Assert.IsNull(clinical.PretrainedTextEncoder, "a BERT folder replaces the built-in encoder");
    }

    [TestMethod]
    public void ThePaperEcgEncoderTakes500HzTenSecondRecords()
    {
        var paper = FgClepPretrainPresets.Paper();
        torch.random.manual_seed(1);
        using var encoder = new ResNet1d(paper.Model.Ecg);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        encoder.eval();
        var features = encoder.forward(torch.randn(2, 12, paper.Preprocessing.SampleCount));
        CollectionAssert.AreEqual(new long[] { 2, 2048 }, features.shape, "ResNet50's 2,048 features, the ones the paper's probe reads");
    }
}
