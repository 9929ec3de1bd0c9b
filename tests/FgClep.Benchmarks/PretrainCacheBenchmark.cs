using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FgClep.Datasets.Cache;
using FgClep.Datasets.Synthetic;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using Microsoft.ML;
using TorchSharp;

namespace FgClep.Benchmarks;

/// <summary>
/// Pre-training that streams from the on-disk ECG cache (<see cref="FgClepPretrainOptions.TrainingCacheDirectory"/>).
/// <list type="number">
/// <item>Peak RSS: the estimator pre-trains on <c>LoadSyntheticEcg(n)</c> (12 × 1,000 at 100 Hz) through the cache, for two
/// record counts, each in a child process; the same for the in-memory path, for contrast. Goal: large / small ≤ 1.15 from the cache.</item>
/// <item>Throughput: <see cref="ClepTrainer"/> steps on the same pairs held in memory, read from the cache while its files
/// are in the operating system's file cache, and read after <c>posix_fadvise(DONTNEED)</c> dropped them (from disk),
/// in alternating rounds. Goal: cache / memory ≥ 0.9.</item>
/// </list>
/// Options: <c>--records a,b</c> (default 5000,20000; 2000,8000 with <c>--quick</c>), <c>--steps n</c> timed steps per round
/// (default 8; 5 with <c>--quick</c>), <c>--reps n</c> rounds per side (default 3; 2 with <c>--quick</c>), <c>--batch n</c> (default 32).
/// </summary>
internal sealed class PretrainCacheBenchmark : IBenchmark
{
    /// <summary>The hidden command a child process runs.</summary>
    public const string ChildName = "pretrain-cache-child";

    private const double MemoryGoal = 1.15, ThroughputGoal = 0.9;
    private const string ResultPrefix = "PRETRAIN-CACHE-RESULT ";
    private const int ChildSteps = 10;

    public string Name => "pretrain-cache";

    public string Description => "Pre-training from the on-disk ECG cache: peak RSS at two record counts (goal <= 1.15) and step throughput vs in memory (goal >= 0.9)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        var counts = (BenchmarkData.Option(args, "--records") ?? (quick ? "2000,8000" : "5000,20000"))
            .Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        if (counts.Length != 2 || counts.Any(c => c < 2 * 64)) throw new ArgumentException("--records expects two counts of at least 128, e.g. 5000,20000.");
        var results = new List<BenchmarkResult> { Memory(counts) };
        results.Add(Throughput(BenchmarkStats.IntOption(args, "--steps", quick ? 5 : 8), BenchmarkStats.IntOption(args, "--reps", quick ? 2 : 3),
            BenchmarkStats.IntOption(args, "--batch", 32)));
        return results;
    }

    private BenchmarkResult Memory(int[] counts)
    {
        var root = Directory.CreateTempSubdirectory("fgclep-bench-cache-").FullName;
        try
        {
            ChildResult Child(int records, string mode)
            {
                var r = ChildProcess.Run<ChildResult>(ResultPrefix,
                    new[] { ChildName, "--records", records.ToString(CultureInfo.InvariantCulture), "--mode", mode, "--dir", Path.Combine(root, $"{mode}-{records}") },
                    TimeSpan.FromMinutes(30));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode,-6} {records,6} records: peak RSS {ChildProcess.MiB(r.PeakBytes),5} MiB; read {r.ReadSeconds:0.0} s, {ChildSteps} steps {r.TrainSeconds:0.0} s"));
                return r;
            }
            var small = Child(counts[0], "cache");
            var large = Child(counts[1], "cache");
            var smallMemory = Child(counts[0], "memory");
            var largeMemory = Child(counts[1], "memory");
            double ratio = large.PeakBytes / (double)small.PeakBytes;
            double memoryRatio = largeMemory.PeakBytes / (double)smallMemory.PeakBytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak RSS {counts[1]} / {counts[0]} records: {ratio:0.00} from the cache {(ratio <= MemoryGoal ? "(goal met)" : $"(above goal {MemoryGoal})")}, {memoryRatio:0.00} in memory"));
            return new BenchmarkResult(Name, $"peak RSS pre-training on {counts[1]} / {counts[0]} synthetic ECGs from the cache")
            {
                Value = ratio, AtMost = MemoryGoal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"cache {ChildProcess.MiB(large.PeakBytes)} vs {ChildProcess.MiB(small.PeakBytes)} MiB; in memory {ChildProcess.MiB(largeMemory.PeakBytes)} vs {ChildProcess.MiB(smallMemory.PeakBytes)} MiB ({memoryRatio:0.00})"),
                Figures = new()
                {
                    ["smallRecords"] = counts[0], ["largeRecords"] = counts[1],
                    ["cacheSmallPeakMiB"] = small.PeakBytes / 1048576.0, ["cacheLargePeakMiB"] = large.PeakBytes / 1048576.0,
                    ["memorySmallPeakMiB"] = smallMemory.PeakBytes / 1048576.0, ["memoryLargePeakMiB"] = largeMemory.PeakBytes / 1048576.0,
                    ["memoryRatio"] = memoryRatio, ["cacheLargeWriteSeconds"] = large.ReadSeconds, ["memoryLargeReadSeconds"] = largeMemory.ReadSeconds,
                },
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The child: pre-trains <see cref="ChildSteps"/> steps on <c>--records n</c> synthetic ECGs, <c>--mode cache|memory</c>, and prints its peak RSS.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        int count = BenchmarkStats.IntOption(args, "--records", 1000);
        bool cache = BenchmarkData.Option(args, "--mode") == "cache";
        var ml = new MLContext(seed: 1);
        var preprocessing = new EcgPreprocessorOptions();
        var view = ml.Data.LoadSyntheticEcg(count, new SyntheticEcgOptions { Seed = 3 }, preprocessing);
        long start = Stopwatch.GetTimestamp(), firstStep = 0;
        var options = new FgClepPretrainOptions
        {
            Model = QuickstartModel.Options(1) with { Ecg = QuickstartModel.Options(1).Ecg with { BaseWidth = 16 } },
            Training = new ClepTrainerOptions { Epochs = 1, BatchSize = 64, StopAfterSteps = ChildSteps, Seed = 1 },
            Preprocessing = preprocessing,
            TrainingCacheDirectory = cache ? BenchmarkData.Option(args, "--dir") : null,
            Progress = new Progress(() => { if (firstStep == 0) firstStep = Stopwatch.GetTimestamp(); }),
            Log = _ => { },
        };
        var estimator = new FgClepPretrainEstimator(options);
        using (estimator.Fit(view)) { }
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds, read = Stopwatch.GetElapsedTime(start, firstStep).TotalSeconds;
        ChildProcess.WriteResult(ResultPrefix, new ChildResult(estimator.TrainingPairs, ChildProcess.PeakResidentBytes(), read, total - read));
        return estimator.TrainingPairs == count && estimator.CompletedSteps == ChildSteps ? 0 : 1;
    }

    private BenchmarkResult Throughput(int steps, int reps, int batch)
    {
        int rows = batch * (steps + 1);
        var (signals, reports) = SyntheticPairs.Create(rows, seed: 7);
        var memory = new ClepTrainingData(SyntheticPairs.Leads, SyntheticPairs.Samples);
        for (int i = 0; i < rows; i++) memory.Add(signals[i], reports[i]);
        var dir = Directory.CreateTempSubdirectory("fgclep-bench-cache-steps-").FullName;
        try
        {
            using (var writer = EcgShardCacheWriter.Open(dir, "benchmark", SyntheticPairs.Leads, SyntheticPairs.Samples, recordsPerShard: 64))
            {
                for (int i = 0; i < rows; i++) writer.Append(signals[i], reports[i], $"pair-{i}");
                writer.Complete();
            }
            using var cache = EcgShardCache.Open(dir);
            var onDisk = ClepTrainingData.FromCache(cache);
            var tokenizer = ReportTokenizer.FromTexts(reports, lowerCase: true, maxLength: 128);
            var modelOptions = QuickstartModel.Options(tokenizer.VocabularySize);
            var training = new ClepTrainerOptions { Epochs = 1, BatchSize = batch, LearningRate = 1e-4, StopAfterSteps = steps + 1, Seed = 1 };
            double Round(ClepTrainingData data, bool cold)
            {
                if (cold) DropFromFileCache(dir);
                torch.random.manual_seed(1);
                using var model = new ClepModel(modelOptions);
                var times = new List<long>();
                new ClepTrainer(model, tokenizer, training).Train(data, new Progress(() => times.Add(Stopwatch.GetTimestamp())));
                // The first step (warm-up, first batch read) is left out: steps per second over the rest.
                return steps / Stopwatch.GetElapsedTime(times[0], times[^1]).TotalSeconds;
            }

            Round(memory, false);
            Round(onDisk, false);
            var inMemory = new List<double>();
            var warm = new List<double>();
            var cold = new List<double>();
            for (int r = 0; r < reps; r++)
            {
                if (r % 2 == 0) { inMemory.Add(Round(memory, false)); warm.Add(Round(onDisk, false)); cold.Add(Round(onDisk, true)); }
                else { cold.Add(Round(onDisk, true)); warm.Add(Round(onDisk, false)); inMemory.Add(Round(memory, false)); }
            }
            double m = BenchmarkStats.Median(inMemory), w = BenchmarkStats.Median(warm), c = BenchmarkStats.Median(cold);
            double ratio = Math.Min(w, c) / m;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"steps/s, quickstart CLEP batch {batch}: memory {m:0.00}, cache {w:0.00} ({w / m:0.00}×), cache after DONTNEED {c:0.00} ({c / m:0.00}×) " +
                $"{(ratio >= ThroughputGoal ? "(goal met)" : $"(below goal {ThroughputGoal})")}"));
            return new BenchmarkResult(Name, $"pre-training steps/s from the cache / in memory (quickstart CLEP, batch {batch}, the slower of file-cached and dropped)")
            {
                Value = ratio, AtLeast = ThroughputGoal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"memory {m:0.00}, cache {w:0.00} ({w / m:0.00}), after DONTNEED {c:0.00} ({c / m:0.00}) steps/s"),
                Figures = new() { ["memoryStepsPerSecond"] = m, ["cacheStepsPerSecond"] = w, ["droppedCacheStepsPerSecond"] = c, ["warmRatio"] = w / m, ["coldRatio"] = c / m },
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Asks the kernel to drop the cache files' pages from its file cache, so the next reads go to the disk.</summary>
    private static void DropFromFileCache(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var path in Directory.GetFiles(directory, "*.f16"))
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            int error = posix_fadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed);
            if (error != 0) throw new IOException($"posix_fadvise(DONTNEED) on {path} failed with error {error}.");
        }
    }

    private const int PosixFadvDontNeed = 4;

    [DllImport("libc", SetLastError = false)]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);

    private sealed class Progress(Action onStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onStep();
    }

    private sealed record ChildResult(int Records, long PeakBytes, double ReadSeconds, double TrainSeconds);
}
