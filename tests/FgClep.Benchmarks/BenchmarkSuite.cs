using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FgClep.Benchmarks;

/// <summary>
/// Runs the performance suite in one process, one benchmark after another (each measures its own ratio side by side,
/// alternating repetitions), prints a table and writes <c>results.json</c>.
/// Options: <c>--quick</c> (short runs: about 2 minutes on 2 idle cores, well under 10 on busy ones), <c>--out &lt;dir&gt;</c> (default: current folder),
/// <c>--only name,name</c>. Exit code 0 when every benchmark ran (goals missed are shown, not failed), 1 when one threw.
/// </summary>
internal sealed class BenchmarkSuite(IReadOnlyList<IBenchmark> benchmarks)
{
    /// <summary>The suite, in the order of the performance issue.</summary>
    public static readonly string[] Members = { "onnx", "train-step", "gflops", "wfdb", "enrichment", "memory", "transform", "pretrain-cache", "paper-scale", "peer", "bf16", "int8", "text-training" };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, not HTML: keep ">=" readable
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        var outDir = Path.GetFullPath(BenchmarkData.Option(args, "--out") ?? ".");
        var only = BenchmarkData.Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = only?.Where(name => benchmarks.All(b => b.Name != name)).ToArray() ?? [];
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown benchmark(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
            return 2;
        }

        var machine = MachineInfo();
        Console.WriteLine($"FgClep performance suite ({(quick ? "quick" : "full")}); {machine["cpu"]}, {machine["logicalCpus"]} logical CPUs, " +
                          $"{machine["os"]}, .NET {machine["dotnet"]}");
        var results = new List<BenchmarkResult>();
        bool failed = false;
        var total = Stopwatch.StartNew();
        foreach (var benchmark in benchmarks.Where(b => only is null || only.Contains(b.Name)))
        {
            Console.WriteLine();
            var load = BenchmarkData.LoadAverage();
            Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}" +
                              (load is double l ? string.Create(CultureInfo.InvariantCulture, $" [load average {l:0.0} on {Environment.ProcessorCount} CPUs]") : ""));
            var clock = Stopwatch.StartNew();
            IReadOnlyList<BenchmarkResult> rows;
            try
            {
                rows = benchmark.Run(quick ? ["--quick"] : []);
            }
            catch (Exception e)
            {
                failed = true;
                Console.Error.WriteLine($"{benchmark.Name} failed: {e}");
                rows = [new BenchmarkResult(benchmark.Name, "failed") { Note = $"{e.GetType().Name}: {e.Message}", Summary = "failed: " + e.Message }];
            }
            foreach (var row in rows)
            {
                row.Seconds = clock.Elapsed.TotalSeconds / rows.Count;
                row.LoadAverage = load;
            }
            results.AddRange(rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ({clock.Elapsed.TotalSeconds:0.0} s)"));
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, "results.json");
        var report = new
        {
            quick,
            startedUtc = DateTime.UtcNow - total.Elapsed,
            seconds = total.Elapsed.TotalSeconds,
            machine,
            results = results.Select(r => new
            {
                r.Benchmark, r.Measure, r.Value, goal = r.GoalText.Length == 0 ? null : r.GoalText, r.GoalMet, r.Skipped,
                r.Summary, r.Figures, r.Note, r.Seconds, r.LoadAverage,
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total {total.Elapsed.TotalMinutes:0.0} min; wrote {path}"));
        return failed ? 1 : 0;
    }

    /// <summary>A plain-text table: benchmark, measure, value, goal, met, and the figures behind the value.</summary>
    internal static string Table(IReadOnlyList<BenchmarkResult> results)
    {
        string[] header = ["benchmark", "measure", "value", "goal", "met", "figures"];
        var rows = results.Select(r => new[]
        {
            r.Benchmark, r.Measure, r.Value is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-", r.GoalText,
            r.GoalMet switch { true => "yes", false => "NO", null => "" }, r.Summary,
        }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join(" | ", cells.Select((cell, c) => c < widths.Length ? cell.PadRight(widths[c]) : cell)).TrimEnd();
        var lines = new List<string> { Line(header), string.Join("-+-", widths.Select(w => new string('-', w))) + "-+--------" };
        lines.AddRange(rows.Select(Line));
        return string.Join(Environment.NewLine, lines);
    }

    private static Dictionary<string, object> MachineInfo() => new()
    {
        ["cpu"] = CpuName(),
        ["logicalCpus"] = Environment.ProcessorCount,
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = Environment.Version.ToString(),
        ["torchThreads"] = TorchSharp.torch.get_num_threads(),
    };

    private static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
