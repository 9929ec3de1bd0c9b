using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Evaluation;
using FgClep.MLNet;
using FgClep.Modeling.Ecg;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Tests.MLNet;

/// <summary>The README's ML.NET pipeline, end to end on a few synthetic records (one short epoch per stage).</summary>
[TestClass]
[DoNotParallelize]
public sealed class ReadmePipelineTests
{
    [TestMethod]
    public void TwoStagePipelineZeroShotAndProbeRunThroughMLNet()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadSyntheticEcg(24);

        var options = FgClepPretrainPresets.SmallCpu(epochs: 1) with
        {
            Model = FgClepPretrainPresets.SmallCpu(1).Model with { Ecg = new ResNet1dOptions { Depth = 18, BaseWidth = 4 } },
        };
        options = options with { Training = options.Training with { BatchSize = 8 } };
        using var clep = ml.Transforms.PretrainFgClep(options).Fit(train);

        var enrich = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default,
                         new WaveformEnrichmentOptions { FitCalibration = true, Threshold = 0.5 }).Fit(train);
        Assert.AreEqual(24, enrich.Statistics.Records);
        Assert.AreEqual(24 - enrich.Statistics.SkippedRecords, enrich.Options.Calibration?.Records, "calibrated on every record with candidates");
        using var fgclep = ml.Transforms.PretrainFgClep(options with { InitialModel = clep, ReportColumnName = "FineGrainedReport" })
            .Fit(enrich.Transform(train));

        var classes = SyntheticEcgGenerator.Conditions.Select(c => new ZeroShotClass(c)).ToArray();
        using var zeroShot = ml.Transforms.ZeroShotEcg(fgclep, classes, ensembleOverLeads: true).Fit(train);
        IDataView test = ml.Data.LoadSyntheticEcg(30, new SyntheticEcgOptions { Seed = 2 });
        var scores = zeroShot.Transform(test).GetColumn<float[]>("Score").ToList();
        Assert.HasCount(30, scores);
        Assert.IsTrue(scores.All(s => s.Length == classes.Length && s.All(p => p is >= 0 and <= 1)), "one probability per class");
        var metrics = ml.MulticlassClassification.EvaluateMultiLabel(zeroShot.Transform(test), labelsColumnName: "Labels");
        Assert.AreEqual(30, metrics.Rows);
        CollectionAssert.AreEqual(SyntheticEcgGenerator.Conditions.ToArray(), metrics.PerClass.Select(c => c.Name).ToArray());
        Assert.IsTrue(metrics.MacroAuroc is >= 0 and <= 1, $"macro AUROC {metrics.MacroAuroc}");
        Assert.AreEqual(metrics.PerClass.Count(c => c.Positives is 0 or 30), metrics.ExcludedFromAuroc);

        // The first condition occurs in some of the 24 records but not all, so that the trainer sees both classes.
        Assert.IsTrue(train.GetColumn<float[]>("Labels").Count(l => l[0] > 0.5f) is > 0 and < 24, "the first condition occurs, but not everywhere");
        var probe = ml.Transforms.SelectEcgLabel("Labels", SyntheticEcgGenerator.Conditions[0])
            .Append(ml.Transforms.EmbedEcg(fgclep))
            .Append(ml.Transforms.NormalizeMeanVariance("EcgEmbedding"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"))
            .Fit(train);
        var probeScores = probe.Transform(train).GetColumn<float>("Score").ToArray();
        Assert.HasCount(24, probeScores);
        // Unit-norm embeddings have tiny coordinates; without the scaling, L-BFGS's default L2 leaves a constant score.
        Assert.IsGreaterThan(1e-3f, probeScores.Max() - probeScores.Min(), "the probe's scores vary across records");
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-probe.zip");
        try
        {
            ml.Model.SaveWithFgClep(probe, train.Schema, path);
            using var loaded = ml.Model.LoadWithFgClep(path, out _);
            CollectionAssert.AreEqual(probeScores, loaded.Transform(train).GetColumn<float>("Score").ToArray());
        }
        finally
        {
            File.Delete(path);
            (probe.ElementAt(1) as IDisposable)?.Dispose();
        }
    }

}
