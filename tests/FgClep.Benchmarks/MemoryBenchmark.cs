using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets.Synthetic;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Benchmarks;

/// <summary>
/// Peak resident memory while streaming synthetic ECGs through embedding: <c>LoadSyntheticEcg(n)</c> →
/// <see cref="FgClepTransformer"/> (a small random ResNet18-1d width 16) → a cursor reading the embedding column.
/// Each record count runs in a child process (this executable, re-invoked), because the peak (VmHWM) cannot be reset;
/// streaming means the peak should not grow with the record count. Reports both peaks and their ratio.
/// Options: <c>--records a,b</c> (default 5000,20000; 2000,8000 with <c>--quick</c>).
/// </summary>
internal sealed class MemoryBenchmark : IBenchmark
{
    /// <summary>The hidden command a child process runs.</summary>
    public const string ChildName = "memory-child";

    private const double Goal = 1.10;
    private const string ResultPrefix = "MEMORY-RESULT ";

    public string Name => "memory";

    public string Description => "Peak RSS streaming n synthetic ECGs through EmbedEcg, two record counts in child processes (goal: ratio <= 1.1)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        var counts = (BenchmarkData.Option(args, "--records") ?? (BenchmarkData.Flag(args, "--quick") ? "2000,8000" : "5000,20000"))
            .Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        if (counts.Length != 2 || counts.Any(c => c < 1)) throw new ArgumentException("--records expects two positive counts, e.g. 5000,20000.");

        var small = RunChild(counts[0]);
        var large = RunChild(counts[1]);
        double ratio = large.PeakBytes / (double)small.PeakBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak RSS {ChildProcess.MiB(small.PeakBytes)} MiB for {small.Records} records, {ChildProcess.MiB(large.PeakBytes)} MiB for {large.Records} records: " +
            $"ratio {ratio:0.00} {(ratio <= Goal ? "(goal met)" : $"(above goal {Goal})")}"));
        return
        [
            new BenchmarkResult(Name, $"peak RSS {large.Records} / {small.Records} records streamed through EmbedEcg")
            {
                Value = ratio, AtMost = Goal,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"{ChildProcess.MiB(small.PeakBytes)} MiB ({small.Records} rec) vs {ChildProcess.MiB(large.PeakBytes)} MiB ({large.Records} rec); " +
                    $"{large.Records / large.Seconds:0} rec/s"),
                Figures = new()
                {
                    ["smallRecords"] = small.Records, ["largeRecords"] = large.Records,
                    ["smallPeakMiB"] = small.PeakBytes / 1048576.0, ["largePeakMiB"] = large.PeakBytes / 1048576.0,
                    ["smallPeakAfterTenthMiB"] = small.EarlyPeakBytes / 1048576.0, ["largePeakAfterTenthMiB"] = large.EarlyPeakBytes / 1048576.0,
                    ["largeRecordsPerSecond"] = large.Records / large.Seconds,
                },
            },
        ];
    }

    /// <summary>The child: streams <c>--records n</c> records and prints one result line.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        int count = BenchmarkStats.IntOption(args, "--records", 1000);
        var ml = new MLContext(seed: 1);
        var preprocessing = new EcgPreprocessorOptions();
        var view = ml.Data.LoadSyntheticEcg(count, new SyntheticEcgOptions { Seed = 3 }, preprocessing);
        using var transformer = new FgClepTransformer(OnnxEncoderBenchmark.Model(18, 16, preprocessing));
        var embedded = transformer.Transform(view);
        var column = embedded.Schema[transformer.OutputColumnName];

        long start = Stopwatch.GetTimestamp(), earlyPeak = 0;
        int rows = 0;
        double sink = 0;
        using (var cursor = embedded.GetRowCursor(new[] { column }))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> embedding = default;
            while (cursor.MoveNext())
            {
                getter(ref embedding);
                sink += embedding.GetValues()[0];
                if (++rows == Math.Max(1, count / 10)) earlyPeak = ChildProcess.PeakResidentBytes();
            }
        }
        var result = new ChildResult(rows, ChildProcess.PeakResidentBytes(), earlyPeak, Stopwatch.GetElapsedTime(start).TotalSeconds, sink);
        ChildProcess.WriteResult(ResultPrefix, result);
        return rows == count ? 0 : 1;
    }

    private static ChildResult RunChild(int count)
    {
        var result = ChildProcess.Run<ChildResult>(ResultPrefix, new[] { ChildName, "--records", count.ToString(CultureInfo.InvariantCulture) }, TimeSpan.FromMinutes(15));
        if (result.Records != count) throw new InvalidOperationException($"The memory child read {result.Records} of {count} records.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Records} records in {result.Seconds:0.0} s ({result.Records / result.Seconds:0} rec/s): peak RSS {ChildProcess.MiB(result.PeakBytes)} MiB " +
            $"(after the first tenth {ChildProcess.MiB(result.EarlyPeakBytes)} MiB)"));
        return result;
    }

    private sealed record ChildResult(int Records, long PeakBytes, long EarlyPeakBytes, double Seconds, double Sink);
}
