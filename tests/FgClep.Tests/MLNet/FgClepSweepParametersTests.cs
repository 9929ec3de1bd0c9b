using System.Text.Json;
using FgClep.MLNet;
using FgClep.Modeling.Losses;
using FgClep.Training;

namespace FgClep.Tests.MLNet;

[TestClass]
public sealed class FgClepSweepParametersTests
{
    private static readonly FgClepPretrainOptions Baseline = FgClepPretrainPresets.SmallCpu(epochs: 3);

    [TestMethod]
    public void UnsetPropertiesKeepTheOptions()
    {
        var applied = new FgClepSweepParameters().ApplyTo(Baseline);
        Assert.AreEqual(Baseline.Training, applied.Training);
        Assert.AreSame(Baseline.Model, applied.Model);
        Assert.AreEqual(0.5, new FgClepSweepParameters().ApplyTo(new WaveformEnrichmentOptions()).Threshold);
    }

    [TestMethod]
    public void SetPropertiesAreWrittenWhereTheyBelong()
    {
        var p = new FgClepSweepParameters
        {
            LearningRate = 3e-4, Epochs = 7, BatchSize = 48, WeightDecay = 1e-3, Loss = "sigmoid", FalseNegativeMitigationWeight = 0.05,
            TextEncoderTraining = "top:2", SentenceSamplingShare = 0.5, EcgWidth = 16, EnrichmentThreshold = 0.3,
        };
        var o = p.ApplyTo(Baseline);
        Assert.AreEqual(3e-4, o.Training.LearningRate);
        Assert.AreEqual(7, o.Training.Epochs);
        Assert.AreEqual(48, o.Training.BatchSize);
        Assert.AreEqual(1e-3, o.Training.WeightDecay);
        Assert.AreEqual(ClepLossKind.Sigmoid, o.Training.Loss);
        Assert.AreEqual(0.05, o.Training.FalseNegativeMitigationWeight);
        Assert.AreEqual(TextEncoderTraining.TopLayers(2), o.Training.TextEncoderTraining);
        Assert.AreEqual(0.5, o.Training.SentenceSamplingShare);
        Assert.AreEqual(16, o.Model.Ecg.BaseWidth);
        Assert.AreEqual(Baseline.Model.Ecg.Depth, o.Model.Ecg.Depth, "only the width changes");
        Assert.AreEqual(Baseline.Training.Seed, o.Training.Seed, "what the search does not set stays");
        Assert.AreEqual(0.3, p.ApplyTo(new WaveformEnrichmentOptions { TopK = 3 }).Threshold);
        Assert.AreEqual(Baseline.Model.Ecg.BaseWidth, FgClepPretrainPresets.SmallCpu(epochs: 3).Model.Ecg.BaseWidth, "the baseline is not changed");
    }

    [TestMethod]
    public void ASampledPointReadsFromJsonByName()
    {
        // AutoML's Parameter.AsType<T>() goes through System.Text.Json; a point holds only the swept keys.
        var p = JsonSerializer.Deserialize<FgClepSweepParameters>("""{"LearningRate":0.0005,"Loss":"infonce","EcgWidth":32}""")!;
        var o = p.ApplyTo(Baseline);
        Assert.AreEqual(5e-4, o.Training.LearningRate);
        Assert.AreEqual(ClepLossKind.InfoNce, o.Training.Loss);
        Assert.AreEqual(32, o.Model.Ecg.BaseWidth);
        Assert.AreEqual(Baseline.Training.Epochs, o.Training.Epochs);
        Assert.IsNull(p.FalseNegativeMitigationWeight);
    }

    [TestMethod]
    [DataRow("LearningRate", "0")]
    [DataRow("LearningRate", "NaN")]
    [DataRow("Epochs", "0")]
    [DataRow("BatchSize", "1")]
    [DataRow("WeightDecay", "-1")]
    [DataRow("FalseNegativeMitigationWeight", "-0.1")]
    [DataRow("SentenceSamplingShare", "1.5")]
    [DataRow("EcgWidth", "0")]
    [DataRow("Loss", "hinge")]
    [DataRow("TextEncoderTraining", "top:0")]
    public void AValueOutOfRangeNamesTheProperty(string property, string value)
    {
        var p = new FgClepSweepParameters();
        var info = typeof(FgClepSweepParameters).GetProperty(property)!;
        var type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        info.SetValue(p, type == typeof(string) ? value : Convert.ChangeType(value == "NaN" ? "NaN" : value, type, System.Globalization.CultureInfo.InvariantCulture));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => p.ApplyTo(Baseline));
        Assert.AreEqual(property, e.ParamName);
        StringAssert.Contains(e.Message, $"FgClepSweepParameters.{property}");
        StringAssert.Contains(e.Message, value);
    }

    [TestMethod]
    [DataRow(-0.1)]
    [DataRow(1.1)]
    [DataRow(double.NaN)]
    public void AnEnrichmentThresholdOutsideZeroToOneIsRefused(double threshold)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FgClepSweepParameters { EnrichmentThreshold = threshold }.ApplyTo(new WaveformEnrichmentOptions()));
        Assert.AreEqual("EnrichmentThreshold", e.ParamName);
    }
}
