using System.Diagnostics;
using System.Globalization;
using FgClep.Data;

namespace FgClep.Benchmarks;

/// <summary>
/// WFDB decode throughput (header parse + signal read + checksum + physical units) against
/// <see cref="File.ReadAllBytes(string)"/> of the same files, alternating in one run; reports medians and their ratio.
/// Options: <c>--data &lt;ptbxl folder&gt;</c>, <c>--reps &lt;n&gt;</c> (default 15).
/// </summary>
internal sealed class WfdbDecodeBenchmark : IBenchmark
{
    public string Name => "wfdb";

    public string Description => "WFDB decode MB/s vs File.ReadAllBytes of the same PTB-XL files (goal: ratio >= 0.5)";

    public int Run(IReadOnlyList<string> args)
    {
        var data = BenchmarkData.Option(args, "--data")
                   ?? (BenchmarkData.FindShared() is { } shared ? Path.Combine(shared, "data", "ptbxl") : null);
        if (data is null || !Directory.Exists(data))
        {
            Console.Error.WriteLine("PTB-XL folder not found; pass --data <folder with records100/records500> or set FGCLEP_SHARED_DIR.");
            return 2;
        }
        int reps = int.Parse(BenchmarkData.Option(args, "--reps") ?? "15", CultureInfo.InvariantCulture);
        Console.WriteLine($"PTB-XL: {data}; {reps} alternating repetitions; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}");
        bool allMet = true;
        foreach (var folder in new[] { "records500", "records100" })
        {
            var records = Directory.EnumerateFiles(Path.Combine(data, folder), "*.hea", SearchOption.AllDirectories)
                .Select(h => h[..^4]).Order(StringComparer.Ordinal).ToArray();
            if (records.Length == 0) continue;
            allMet &= Measure(folder, records, reps);
        }
        return allMet ? 0 : 1;
    }

    private static bool Measure(string label, string[] records, int reps)
    {
        var files = records.SelectMany(r => new[] { r + ".hea", r + ".dat" }).ToArray();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        double mb = bytes / 1e6;

        // Warm up the page cache and the JIT for both sides.
        long sink = ReadAll(files) + DecodeAll(records);
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
        double readMedian = Median(read), decodeMedian = Median(decode), ratio = decodeMedian / readMedian;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {records.Length} records, {mb:0.0} MB | File.ReadAllBytes {readMedian:0} MB/s | WFDB decode {decodeMedian:0} MB/s " +
            $"({records.Length * decodeMedian / mb:0} records/s) | ratio {ratio:0.00} {(ratio >= 0.5 ? "(goal met)" : "(below goal 0.5)")} [sink {sink % 997}]"));
        return ratio >= 0.5;
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
