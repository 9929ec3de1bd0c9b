using System.Diagnostics;
using System.Globalization;
using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Benchmarks;

/// <summary>
/// WFDB decode throughput (header parse + signal read + checksum + physical units) against
/// <see cref="File.ReadAllBytes(string)"/> of the same files, alternating in one run; reports medians and their ratio.
/// Options: <c>--data &lt;ptbxl folder&gt;</c>, <c>--reps &lt;n&gt;</c> (default 15, also with <c>--quick</c>).
/// </summary>
internal sealed class WfdbDecodeBenchmark : IBenchmark
{
    public string Name => "wfdb";

    public string Description => "WFDB decode MB/s vs File.ReadAllBytes of the same PTB-XL files (goal: ratio >= 0.5)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        var data = BenchmarkData.Option(args, "--data")
                   ?? (BenchmarkData.FindShared() is { } shared ? Path.Combine(shared, "data", "ptbxl") : null);
        if (data is null || !Directory.Exists(data))
        {
            const string why = "PTB-XL folder not found; pass --data <folder with records100/records500> or set FGCLEP_SHARED_DIR.";
            Console.Error.WriteLine(why);
            return [BenchmarkResult.Skip(Name, "WFDB decode MB/s / raw read MB/s", why)];
        }
        int reps = BenchmarkStats.IntOption(args, "--reps", 15); // about two seconds: quick enough for --quick too
        Console.WriteLine($"PTB-XL: {data}; {reps} alternating repetitions; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}");
        var results = new List<BenchmarkResult>();
        foreach (var folder in new[] { "records500", "records100" })
        {
            var records = ContainedFileSearch.Find(Path.Combine(data, folder), "*.hea")
                .Select(h => h[..^4]).Order(StringComparer.Ordinal).ToArray();
            if (records.Length == 0) continue;
            results.Add(Measure(folder, records, reps));
        }
        return results;
    }

    private BenchmarkResult Measure(string label, string[] records, int reps)
    {
        var files = records.SelectMany(r => new[] { r + ".hea", r + ".dat" }).ToArray();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        double mb = bytes / 1e6;

        // Warm up the page cache and the JIT for both sides: about a second, so tiered compilation has promoted the
        // decoder to optimised code (a single pass still runs it at tier 0 and reads about half as fast).
        long sink = 0;
        var warm = Stopwatch.StartNew();
        for (int pass = 0; pass < 20 && (pass < 2 || warm.Elapsed.TotalSeconds < 1); pass++) sink += ReadAll(files) + DecodeAll(records);
        var read = new List<double>();
        var decode = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            sink += ReadAll(files);
            read.Add(mb / sw.Elapsed.TotalSeconds);
            sw.Restart();
            sink += DecodeAll(records);
            decode.Add(mb / sw.Elapsed.TotalSeconds);
        }
        double readMedian = BenchmarkStats.Median(read), decodeMedian = BenchmarkStats.Median(decode), ratio = decodeMedian / readMedian;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {records.Length} records, {mb:0.0} MB | File.ReadAllBytes {readMedian:0} MB/s | WFDB decode {decodeMedian:0} MB/s " +
            $"({records.Length * decodeMedian / mb:0} records/s) | ratio {ratio:0.00} {(ratio >= 0.5 ? "(goal met)" : "(below goal 0.5)")} [sink {sink % 997}]"));
        return new BenchmarkResult(Name, $"WFDB decode MB/s / raw read MB/s ({label}, {records.Length} records)")
        {
            Value = ratio, AtLeast = 0.5,
            Summary = string.Create(CultureInfo.InvariantCulture, $"decode {decodeMedian:0} vs ReadAllBytes {readMedian:0} MB/s ({mb:0.0} MB)"),
            Figures = new() { ["decodeMBps"] = decodeMedian, ["readMBps"] = readMedian, ["megabytes"] = mb, ["records"] = records.Length, ["repetitions"] = reps },
        };
    }

    private static long ReadAll(string[] files)
    {
        long total = 0;
        foreach (var f in files) total += File.ReadAllBytes(f).Length;
        return total;
    }

    private static long DecodeAll(string[] records)
    {
        long total = 0;
        foreach (var r in records)
        {
            var record = WfdbRecordReader.Read(r);
            total += record.Signal.Length + (long)record.Signal[^1];
        }
        return total;
    }
}
