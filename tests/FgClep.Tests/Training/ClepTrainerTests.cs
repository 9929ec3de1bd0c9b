using System.Diagnostics;
using FgClep.Modeling;
using FgClep.Training;
using TorchSharp;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Training;

// Uses torch's process-wide RNG and measures the process: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class ClepTrainerTests
{
    private static ClepTrainerOptions Options(string? checkpointDir = null) => new()
    {
        Epochs = 2, BatchSize = 4, LearningRate = 1e-3, Seed = 3, CheckpointDirectory = checkpointDir,
    };

    private static Dictionary<string, float[]> Weights(ClepModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(torch.ScalarType.Float32).data<float>().ToArray());

    [TestMethod]
    public void LossDecreasesOnLearnablePairs()
    {
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        var losses = new ClepTrainer(model, tok, Options() with { Epochs = 15, LearningRate = 3e-3 }).Train(TinyClep.Data(24));
        Assert.HasCount(15 * ClepTrainer.StepsPerEpoch(24, 4), losses);
        Assert.IsLessThan(losses.Take(6).Average(), losses.TakeLast(6).Average(), "training should reduce the loss");
    }

    [TestMethod]
    public void MixedBfloat16TrainingLearnsLikeFloat32AndLeavesTheEncoderInFloat32()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(24);
        using var fp32 = TinyClep.Model(tok);
        var reference = new ClepTrainer(fp32, tok, Options() with { Epochs = 15, LearningRate = 3e-3 }).Train(data);
        using var mixed = TinyClep.Model(tok);
        var losses = new ClepTrainer(mixed, tok, Options() with { Epochs = 15, LearningRate = 3e-3, EcgPrecision = TrainingPrecision.BFloat16 }).Train(data);

        Assert.IsNull(mixed.EcgEncoder.ConvolutionType, "after training the encoder computes in float32 again");
        Assert.IsTrue(losses.All(double.IsFinite));
        Assert.AreEqual(reference[0], losses[0], 0.01 * Math.Abs(reference[0]), "the first step sees the same model to bfloat16 precision");
        Assert.AreNotEqual(reference[0], losses[0], "the convolutions did run in bfloat16");
        Assert.IsLessThan(losses.Take(6).Average(), losses.TakeLast(6).Average(), "mixed precision training reduces the loss");
        Assert.IsTrue(mixed.parameters().All(p => p.dtype == torch.ScalarType.Float32), "weights stay float32");
    }

    [TestMethod]
    public void ResumeFromCheckpointEqualsUninterruptedRun()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(10);
        var dir = Path.Combine(Path.GetTempPath(), "fgclep-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var full = TinyClep.Model(tok);
            var fullLosses = new ClepTrainer(full, tok, Options()).Train(data);

            using (var first = TinyClep.Model(tok))
                new ClepTrainer(first, tok, Options(dir) with { StopAfterSteps = 4 }).Train(data); // "killed" after 4 steps
            var checkpoint = Path.Combine(dir, ClepTrainer.CheckpointFileName);
            Assert.IsTrue(File.Exists(checkpoint));
            Assert.AreEqual(4, ClepCheckpoint.ReadHeader(checkpoint).Step);

            using var resumed = TinyClep.Model(tok, seed: 99); // different init: everything must come from the checkpoint
            var restLosses = new ClepTrainer(resumed, tok, Options() with { ResumeFrom = checkpoint }).Train(data);
            Assert.HasCount(fullLosses.Count - 4, restLosses);
            CollectionAssert.AreEqual(fullLosses.Skip(4).ToList(), restLosses.ToList());

            var a = Weights(full);
            var b = Weights(resumed);
            CollectionAssert.AreEquivalent(a.Keys.ToList(), b.Keys.ToList());
            foreach (var key in a.Keys) CollectionAssert.AreEqual(a[key], b[key], $"parameter {key} differs after resume");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void SameSeedGivesSameWeights()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(8);
        using var m1 = TinyClep.Model(tok);
        using var m2 = TinyClep.Model(tok);
        new ClepTrainer(m1, tok, Options()).Train(data);
        new ClepTrainer(m2, tok, Options()).Train(data);
        var a = Weights(m1); var b = Weights(m2);
        foreach (var key in a.Keys) CollectionAssert.AreEqual(a[key], b[key], key);
    }

    [TestMethod]
    public void MemoryStaysFlatOverManySteps()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(8);
        using var model = TinyClep.Model(tok);
        long after20 = 0;
        var process = Process.GetCurrentProcess();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Step == 20) { GC.Collect(); GC.WaitForPendingFinalizers(); process.Refresh(); after20 = process.WorkingSet64; }
        });
        new ClepTrainer(model, tok, Options() with { Epochs = 100, BatchSize = 4 }).Train(data, progress); // 200 steps
        GC.Collect(); GC.WaitForPendingFinalizers(); process.Refresh();
        long growth = process.WorkingSet64 - after20;
        Assert.IsGreaterThan(0L, after20);
        Assert.IsLessThan(64L << 20, growth, $"resident memory grew by {growth >> 20} MiB between step 20 and step 200");
    }

    [TestMethod]
    public void ValidatesAfterEveryEpochWithLossAndZeroShotAuroc()
    {
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        var val = TinyClep.Data(10, seed: 21);
        var classes = new[] { "atrial fibrillation", "sinus rhythm" };
        var labels = new float[val.Count * classes.Length];
        for (int i = 0; i < val.Count; i++)
            for (int c = 0; c < classes.Length; c++) labels[i * classes.Length + c] = val.Report(i) == classes[c] ? 1 : 0;
        var reports = new List<TrainingProgress>();
        var trainer = new ClepTrainer(model, tok, Options() with { Epochs = 3 });
        trainer.Train(TinyClep.Data(8), new SynchronousProgress<TrainingProgress>(reports.Add), default, new ClepValidationSet(val, classes, labels));
        Assert.HasCount(3, trainer.ValidationHistory);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, trainer.ValidationHistory.Select(v => v.Epoch).ToArray());
        foreach (var v in trainer.ValidationHistory)
        {
            Assert.IsTrue(double.IsFinite(v.Loss) && v.Loss > 0, $"validation loss {v.Loss}");
            Assert.IsNotNull(v.ZeroShotMacroAuroc);
            Assert.IsTrue(v.ZeroShotMacroAuroc is >= 0 and <= 1, $"AUROC {v.ZeroShotMacroAuroc}");
        }
        Assert.HasCount(3, reports.Where(r => r.Validation is not null).ToList(), "each epoch's last progress report carries its validation");
    }

    [TestMethod]
    public void ClonedModelOwnsItsBuffersAndKeepsTraining()
    {
        var tok = TinyClep.Tokenizer();
        var data = TinyClep.Data(8);
        using var original = TinyClep.EmbeddingModel();
        new ClepTrainer(original.Network, tok, Options()).Train(data); // 2 epochs × 2 steps: BatchNorm counters at 4
        using var clone = original.Clone();
        for (int i = 0; i < 3; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        var before = Counters(original.Network);
        CollectionAssert.AreEqual(before, Counters(clone.Network), "the clone starts with the original's BatchNorm counters");
        Assert.IsTrue(before.All(c => c == 4), "each BatchNorm counted 4 training batches");

        new ClepTrainer(clone.Network, tok, Options() with { Epochs = 1 }).Train(data); // 2 more steps on the clone only
        CollectionAssert.AreEqual(before, Counters(original.Network), "training the clone leaves the original alone");
        Assert.IsTrue(Counters(clone.Network).All(c => c == 6), "the clone's own counters advanced");
    }

    private static long[] Counters(ClepModel model) =>
        model.named_buffers().Where(b => b.name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Select(b => b.buffer.ToInt64()).ToArray();

    [TestMethod]
    public void CudaRequestWithoutCudaIsAClearError()
    {
        if (torch.cuda.is_available()) Assert.Inconclusive("CUDA is available here; this test checks the error on machines without it.");
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new ClepTrainer(model, tok, Options() with { Device = "cuda" }).Train(TinyClep.Data(4)));
        StringAssert.Contains(ex.Message, "FgClepTorchBackend=cuda");
    }

    [TestMethod]
    public void ANonFiniteLossNamesTheTermAndTheParameterBeforeAnythingIsApplied()
    {
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        using (torch.no_grad()) model.LogitBias.fill_(double.NaN);
        var before = model.EcgEncoder.parameters().First().clone();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new ClepTrainer(model, tok, Options()).Train(TinyClep.Data(8)));
        StringAssert.Contains(ex.Message, "step 1");
        StringAssert.Contains(ex.Message, "contrastive term is NaN");
        StringAssert.Contains(ex.Message, "logit_bias");
        Assert.IsTrue(before.equal(model.EcgEncoder.parameters().First()).all().item<bool>(), "no optimiser step may follow a non-finite loss");
    }

    private sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
    [TestMethod]
    public void OptionsOutsideTheirDocumentedRangesAreRefusedByName()
    {
        var tok = TinyClep.Tokenizer();
        using var model = TinyClep.Model(tok);
        var bad = new (ClepTrainerOptions Options, string Name)[]
        {
            (new() { WeightDecay = -1e-4 }, nameof(ClepTrainerOptions.WeightDecay)),
            (new() { WeightDecay = double.NaN }, nameof(ClepTrainerOptions.WeightDecay)),
            (new() { GradientClipNorm = -1 }, nameof(ClepTrainerOptions.GradientClipNorm)),
            (new() { FalseNegativeMitigationWeight = -0.1 }, nameof(ClepTrainerOptions.FalseNegativeMitigationWeight)),
            (new() { FalseNegativeMitigationWeight = double.PositiveInfinity }, nameof(ClepTrainerOptions.FalseNegativeMitigationWeight)),
            (new() { WarmupFraction = 1 }, nameof(ClepTrainerOptions.WarmupFraction)),
            (new() { WarmupFraction = double.NaN }, nameof(ClepTrainerOptions.WarmupFraction)),
            (new() { FalseNegativeMitigationWarmupFraction = -0.5 }, nameof(ClepTrainerOptions.FalseNegativeMitigationWarmupFraction)),
            (new() { EcgLearningRate = 0 }, nameof(ClepTrainerOptions.EcgLearningRate)),
            (new() { LogitLearningRate = double.NaN }, nameof(ClepTrainerOptions.LogitLearningRate)),
        };
        foreach (var (options, name) in bad)
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClepTrainer(model, tok, options)).Message, name);
        _ = new ClepTrainer(model, tok, new ClepTrainerOptions { WeightDecay = 0, GradientClipNorm = 0, FalseNegativeMitigationWeight = 0, WarmupFraction = 0.99 });
    }
}
