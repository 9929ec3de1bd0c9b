using FgClep.Modeling.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class ClepLossTests
{
    [TestMethod]
    public void EveryKindHasANameThatParsesBack()
    {
        foreach (var kind in Enum.GetValues<ClepLossKind>())
            Assert.AreEqual(kind, ClepLoss.Parse(ClepLoss.NameOf(kind)));
        Assert.HasCount(Enum.GetValues<ClepLossKind>().Length, ClepLoss.Names);
        Assert.AreEqual(ClepLossKind.InfoNce, ClepLoss.Parse("InfoNCE"));
    }

    [TestMethod]
    public void AnUnknownNameListsTheNamesThereAre()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ClepLoss.Parse("clip"));
        StringAssert.Contains(error.Message, "'clip'");
        StringAssert.Contains(error.Message, "sigmoid-fnm, sigmoid, infonce");
    }

    [TestMethod]
    public void EachKindCombinesItsOwnTerms()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var ecg = nn.functional.normalize(randn(6, 4), dim: 1);
        var text = nn.functional.normalize(randn(6, 4), dim: 1);
        var scale = tensor(2.3f);
        var bias = tensor(-4f);
        double sigmoid = SigmoidContrastiveLoss.Compute(ecg, text, scale, bias).ToDouble();
        double fnm = FalseNegativeMitigationLoss.Compute(ecg, text).ToDouble();
        double infoNce = InfoNceLoss.Compute(ecg, text, scale).ToDouble();

        var withFnm = ClepLoss.Compute(ClepLossKind.SigmoidWithFalseNegativeMitigation, ecg, text, scale, bias, fnmWeight: 0.25);
        Assert.AreEqual(sigmoid + 0.25 * fnm, withFnm.Total.ToDouble(), 1e-5);
        Assert.AreEqual(sigmoid, withFnm.Contrastive.ToDouble(), 1e-6);
        Assert.AreEqual(fnm, withFnm.FalseNegativeMitigation!.ToDouble(), 1e-6);

        var alone = ClepLoss.Compute(ClepLossKind.Sigmoid, ecg, text, scale, bias, fnmWeight: 0.25);
        Assert.AreEqual(sigmoid, alone.Total.ToDouble(), 1e-6);
        Assert.IsNull(alone.FalseNegativeMitigation);

        var clip = ClepLoss.Compute(ClepLossKind.InfoNce, ecg, text, scale, bias, fnmWeight: 0.25);
        Assert.AreEqual(infoNce, clip.Total.ToDouble(), 1e-6);
        Assert.IsNull(clip.FalseNegativeMitigation);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClepLoss.Compute((ClepLossKind)7, ecg, text, scale, bias, 0));
    }
}
