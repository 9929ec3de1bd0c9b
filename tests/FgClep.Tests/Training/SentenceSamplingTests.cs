using FgClep.Training;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Training;

/// <summary><see cref="ClepTrainerOptions.SentenceSamplingShare"/>: the sentence split, the seeded draws, and training with it.</summary>
// Trains TinyClep models, which seed torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class SentenceSamplingTests
{
    [TestMethod]
    [DataRow("Sinus rhythm. Left axis deviation. LVH.", new[] { "Sinus rhythm.", "Left axis deviation.", "LVH." })]
    [DataRow("Sinus rhythm. Left axis deviation, prolonged QT interval.", new[] { "Sinus rhythm.", "Left axis deviation, prolonged QT interval." })]
    [DataRow("QRS amplitude below 0.5 mV in limb leads.", new[] { "QRS amplitude below 0.5 mV in limb leads." })]
    [DataRow("Q waves in V1-V4.\nNormal ECG", new[] { "Q waves in V1-V4.", "Normal ECG" })]
    [DataRow("ST depression; consider ischemia!  Abnormal ECG?", new[] { "ST depression;", "consider ischemia!", "Abnormal ECG?" })]
    [DataRow("Sinus rhythm\r\n\r\nNormal ECG.", new[] { "Sinus rhythm", "Normal ECG." })]
    [DataRow("  ", new string[0])]
    public void SplitsAtSentenceEndsAndLineBreaksOnly(string report, string[] expected) =>
        CollectionAssert.AreEqual(expected, ReportSentences.Split(report).ToArray());

    private static readonly string[] Reports =
    {
        "Sinus rhythm. Left axis deviation. LVH.",
        "Atrial fibrillation. Irregularly irregular RR intervals.",
        "Sinus rhythm. Normal ECG.",
        "Normal ECG.",
    };

    [TestMethod]
    public void ShareOneReplacesEveryReportOfSeveralSentencesByOneOfItsOwn()
    {
        var sampler = new SentenceSampler(1, seed: 7);
        for (int step = 0; step < 20; step++)
        {
            var batch = Reports.ToArray();
            sampler.Sample(batch, step);
            for (int i = 0; i < batch.Length; i++)
            {
                var sentences = ReportSentences.Split(Reports[i]);
                if (sentences.Count == 1) Assert.AreEqual(Reports[i], batch[i], "a one-sentence report stays whole");
                else CollectionAssert.Contains(sentences.ToList(), batch[i], $"step {step}: '{batch[i]}' is not a sentence of '{Reports[i]}'");
            }
        }
    }

    [TestMethod]
    public void DrawsDependOnlyOnSeedAndStepAndHitTheShare()
    {
        string[] Draw(int seed, int step)
        {
            var batch = Enumerable.Repeat(Reports[0], 400).ToArray();
            new SentenceSampler(0.3, seed).Sample(batch, step);
            return batch;
        }
        CollectionAssert.AreEqual(Draw(7, 3), Draw(7, 3));
        CollectionAssert.AreNotEqual(Draw(7, 3), Draw(7, 4));
        CollectionAssert.AreNotEqual(Draw(7, 3), Draw(8, 3));
        var drawn = Draw(7, 3);
        int replaced = drawn.Count(r => r != Reports[0]);
        Assert.IsTrue(replaced is > 80 and < 160, $"{replaced} of 400 replaced at a share of 0.3");
        // Every sentence is drawn: the pick is uniform over the report's three.
        Assert.AreEqual(3, drawn.Where(r => r != Reports[0]).Distinct().Count());
    }

    [TestMethod]
    public void ShareZeroChangesNothingAndOffersOnlyTheReport()
    {
        var sampler = new SentenceSampler(0, seed: 7);
        var batch = Reports.ToArray();
        sampler.Sample(batch, 0);
        CollectionAssert.AreEqual(Reports, batch);
        CollectionAssert.AreEqual(new[] { Reports[0] }, sampler.Texts(Reports[0]).ToArray());
        CollectionAssert.AreEqual(new[] { Reports[0], "Sinus rhythm.", "Left axis deviation.", "LVH." }, new SentenceSampler(0.5, 7).Texts(Reports[0]).ToArray());
    }

    [TestMethod]
    [DataRow(-0.1)]
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    public void AShareOutsideZeroToOneIsRefused(double share)
    {
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClepTrainer(model, tok, new ClepTrainerOptions { SentenceSamplingShare = share }));
        StringAssert.Contains(e.Message, "SentenceSamplingShare");
    }

    private static ClepTrainingData MultiSentenceData(int count)
    {
        var plain = TinyClep.Data(count);
        var data = new ClepTrainingData(plain.LeadCount, plain.SampleCount);
        for (int i = 0; i < count; i++)
            data.Add(plain.Signal(i).ToArray(), $"{plain.Report(i)}. {plain.Report((i + 1) % count)}. {plain.Report((i + 2) % count)}.");
        return data;
    }

    private static ClepTrainerOptions Options(double share, TextEncoderTraining training, string? dir = null) => new()
    {
        Epochs = 2, BatchSize = 4, LearningRate = 1e-2, Seed = 3, SentenceSamplingShare = share, TextEncoderTraining = training, CheckpointDirectory = dir,
    };

    [TestMethod]
    [DataRow("frozen")]
    [DataRow("finetune")]
    public void TrainingOnSampledSentencesDiffersFromWholeReportsAndResumesBitExactly(string mode)
    {
        Assert.IsTrue(TextEncoderTraining.TryParse(mode, out var training));
        var tok = TinyClep.Tokenizer();
        var data = MultiSentenceData(10);
        using var whole = TinyClep.Model(tok);
        var wholeLosses = new ClepTrainer(whole, tok, Options(0, training!)).Train(data);
        using var sampled = TinyClep.Model(tok);
        var sampledLosses = new ClepTrainer(sampled, tok, Options(0.5, training!)).Train(data);
        Assert.IsTrue(sampledLosses.All(double.IsFinite));
        CollectionAssert.AreNotEqual(wholeLosses.ToList(), sampledLosses.ToList(), "sampling sentences must change what is trained on");

        var dir = Path.Combine(Path.GetTempPath(), "fgclep-sentences-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = TinyClep.Model(tok))
                new ClepTrainer(first, tok, Options(0.5, training!, dir) with { StopAfterSteps = 3 }).Train(data);
            using var resumed = TinyClep.Model(tok, seed: 99);
            var rest = new ClepTrainer(resumed, tok, Options(0.5, training!) with { ResumeFrom = Path.Combine(dir, ClepTrainer.CheckpointFileName) }).Train(data);
            CollectionAssert.AreEqual(sampledLosses.Skip(3).ToList(), rest.ToList());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}
