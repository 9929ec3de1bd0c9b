using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FgClep.Benchmarks;

/// <summary>
/// FgClep against the peer users of ECG–text methods run, PyTorch: the quickstart ECG tower (ResNet18-1d w32, kernels
/// 15/7, projection 256, identical weights) in an AdamW training step (batch 32) and in inference (batch 64), FgClep in a
/// child process of this executable and PyTorch in <c>peer/clep_ecg_peer.py</c> under Debian's <c>python3-torch</c>. Both
/// get the same commands in alternating rounds, at the same thread count, with glibc's default malloc settings and with
/// both given <c>GLIBC_TUNABLES</c> that keep freed memory (<see cref="TunedMalloc"/>). Ratio = PyTorch's median step time
/// / ours (≥ 1: ours is as fast or faster). Installs <c>python3-torch</c> with apt when it is missing and this runs as root.
/// Options: <c>--threads a,b</c> (default 1,2), <c>--steps n</c> timed steps per round (default 8; 4 with <c>--quick</c>),
/// <c>--reps n</c> rounds per side (default 4; 2 with <c>--quick</c>), <c>--python PATH</c> (default /usr/bin/python3).
/// </summary>
internal sealed class PeerBenchmark : IBenchmark
{
    /// <summary>glibc settings that stop malloc from returning freed memory to the kernel (and touching it again, page by page).</summary>
    public const string TunedMalloc = "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296";

    private const double Goal = 1.0;
    private const int TrainBatch = 32, InferBatch = 64;

    public string Name => "peer";

    public string Description => "Quickstart ECG tower: training step and inference vs PyTorch (python3-torch), default and tuned malloc, 1 and 2 threads (goal: tuned >= 1.0)";

    public IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args)
    {
        bool quick = BenchmarkData.Flag(args, "--quick");
        var threads = (BenchmarkData.Option(args, "--threads") ?? "1,2").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        int steps = BenchmarkStats.IntOption(args, "--steps", quick ? 4 : 8);
        int reps = BenchmarkStats.IntOption(args, "--reps", quick ? 2 : 4);
        string python = BenchmarkData.Option(args, "--python") ?? "/usr/bin/python3";
        string script = Path.Combine(AppContext.BaseDirectory, "peer", "clep_ecg_peer.py");
        if (!File.Exists(script)) throw new FileNotFoundException($"The PyTorch side of the benchmark is missing: {script}.");
        if (EnsurePyTorch(python) is { } why) return [BenchmarkResult.Skip(Name, "training step and inference vs PyTorch", why)];

        var work = Directory.CreateTempSubdirectory("fgclep-peer-").FullName;
        var results = new List<BenchmarkResult>();
        try
        {
            foreach (var (setting, tunables) in new[] { ("default", (string?)null), ("tuned", TunedMalloc) })
                foreach (int t in threads)
                    results.AddRange(Compare(setting, tunables, t, steps, reps, python, script, work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return results;
    }

    private IEnumerable<BenchmarkResult> Compare(string setting, string? tunables, int threads, int steps, int reps, string python, string script, string work)
    {
        string weights = Path.Combine(work, $"tower-{setting}-{threads}.safetensors");
        var config = JsonSerializer.Serialize(new { depth = 18, width = 32, firstKernel = 15, kernel = 7, leads = 12, samples = 1000, projection = 256, threads, weights });
        using var ours = Side.Start("FgClep", OurCommand(), tunables);
        using var theirs = Side.Start("PyTorch", [python, script], tunables);
        var ourInit = ours.Ask("init " + config);
        var theirInit = theirs.Ask("init " + config);

        // Same weights, same input: the embeddings must agree before the timings mean anything.
        string input = Path.Combine(work, "input.f32");
        var rng = new Random(5);
        var values = Enumerable.Range(0, 4 * 12 * 1000).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(input, bytes);
        ours.Ask($"embed {input} 4 {input}.ours");
        theirs.Ask($"embed {input} 4 {input}.theirs");
        double maxDiff = Floats(input + ".ours").Zip(Floats(input + ".theirs"), (a, b) => Math.Abs(a - b)).Max();
        if (maxDiff > 1e-4) throw new InvalidOperationException($"The two towers disagree (max |Δ| {maxDiff:g3}): the comparison would not be like for like.");

        if (threads == 1 && setting == "tuned") PrintLayers(ours.Ask($"layers {InferBatch}"), theirs.Ask($"layers {InferBatch}"));
        var convTraining = setting == "tuned" ? PrintTrainingLayers(ours.Ask($"train-layers {TrainBatch}"), theirs.Ask($"train-layers {TrainBatch}"), threads) : null;

        var timings = new Dictionary<(string Side, string Work), List<double>>();
        var faults = new Dictionary<(string Side, string Work), List<double>>();
        foreach (var kind in new[] { "train", "infer" })
        {
            int batch = kind == "train" ? TrainBatch : InferBatch;
            ours.Round(kind, 1, batch); theirs.Round(kind, 1, batch); // warm-up
            for (int r = 0; r < reps; r++)
                foreach (var side in r % 2 == 0 ? new[] { ours, theirs } : new[] { theirs, ours })
                {
                    var (seconds, minorFaults) = side.Round(kind, steps + 1, batch);
                    Add(timings, (side.Name, kind), seconds.Skip(1));
                    Add(faults, (side.Name, kind), [minorFaults / (double)(steps + 1)]);
                }
        }

        string phaseLine = string.Join(", ", ours.Phases.Where(p => p.Value.Count > 0 && theirs.Phases.TryGetValue(p.Key, out var l) && l.Count > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Key} {BenchmarkStats.Median(p.Value) * 1000:0.0} vs {BenchmarkStats.Median(theirs.Phases[p.Key]) * 1000:0.0} ms")));
        Console.WriteLine($"{setting,-7} {threads} thread{(threads == 1 ? " " : "s")} training phases, FgClep vs PyTorch: {phaseLine}");
        foreach (var kind in new[] { "train", "infer" })
        {
            double our = BenchmarkStats.Median(timings[("FgClep", kind)]), their = BenchmarkStats.Median(timings[("PyTorch", kind)]);
            double ratio = their / our;
            double ourFaults = BenchmarkStats.Median(faults[("FgClep", kind)]), theirFaults = BenchmarkStats.Median(faults[("PyTorch", kind)]);
            string work1 = kind == "train" ? $"AdamW training step, batch {TrainBatch}" : $"inference, batch {InferBatch}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{setting,-7} {threads} thread{(threads == 1 ? " " : "s")} {work1,-31}: FgClep {our * 1000,7:0.0} ms, PyTorch {their * 1000,7:0.0} ms, ratio {ratio:0.00}; " +
                $"minor faults/step {ourFaults:0} vs {theirFaults:0}"));
            yield return new BenchmarkResult(Name, $"PyTorch / FgClep step time, {work1}, {threads} thread(s), {setting} malloc")
            {
                Value = ratio, AtLeast = setting == "tuned" ? Goal : null,
                Summary = string.Create(CultureInfo.InvariantCulture, $"{our * 1000:0.0} vs {their * 1000:0.0} ms; faults/step {ourFaults:0} vs {theirFaults:0}; max |Δ| embeddings {maxDiff:g2}"),
                Figures = PhaseFigures(kind, ours, theirs, new()
                {
                    ["fgclepMs"] = our * 1000, ["pytorchMs"] = their * 1000, ["threads"] = threads, ["fgclepMinorFaultsPerStep"] = ourFaults,
                    ["pytorchMinorFaultsPerStep"] = theirFaults, ["maxEmbeddingDifference"] = maxDiff,
                }, kind == "train" ? convTraining : null),
                Note = $"libtorch {ourInit["torch"]} (TorchSharp) vs PyTorch {theirInit["torch"]}",
            };
        }
        ours.Ask("quit", expectAnswer: false);
        theirs.Ask("quit", expectAnswer: false);
    }

    /// <summary>Per convolution: PyTorch's time over ours (as the library runs it, and libtorch's own kernel), to show where a gap sits.</summary>
    private static void PrintLayers(JsonNode ours, JsonNode theirs)
    {
        var peer = theirs["layers"]!.AsObject();
        double sumOurs = 0, sumNative = 0, sumPeer = 0;
        Console.WriteLine($"  convolutions, forward at batch {InferBatch}, 1 thread: PyTorch ms / FgClep ms (libtorch's own conv)");
        foreach (var (name, value) in ours["layers"]!.AsObject())
        {
            double o = value!.GetValue<double>(), n = ours["native"]![name]!.GetValue<double>(), p = peer[name]!.GetValue<double>();
            sumOurs += o; sumNative += n; sumPeer += p;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-36} {p * 1000,7:0.00} / {o * 1000,7:0.00} ({n * 1000,7:0.00}) = {p / o:0.00}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {"all convolutions",-36} {sumPeer * 1000,7:0.00} / {sumOurs * 1000,7:0.00} ({sumNative * 1000,7:0.00}) = {sumPeer / sumOurs:0.00}"));
    }

    /// <summary>
    /// Per convolution, forward + backward at the training batch through the route training takes: PyTorch's time over ours,
    /// with the sums by stage, to show which convolutions hold the training gap. Returns the sums (ms) for the result row.
    /// </summary>
    private static Dictionary<string, double> PrintTrainingLayers(JsonNode ours, JsonNode theirs, int threads)
    {
        var peer = theirs["layers"]!.AsObject();
        var byStage = new SortedDictionary<string, (double Ours, double Peer)>(StringComparer.Ordinal);
        Console.WriteLine($"  convolutions, forward + backward at batch {TrainBatch}, {threads} thread(s): PyTorch ms / FgClep ms (the training route)");
        foreach (var (name, value) in ours["layers"]!.AsObject())
        {
            double o = value!.GetValue<double>(), p = peer[name]!.GetValue<double>();
            var layerName = name["ecg_encoder.".Length..];
            string stage = layerName.Contains(".downsample.", StringComparison.Ordinal) ? "shortcuts" : layerName.Split('.')[0];
            var sum = byStage.GetValueOrDefault(stage);
            byStage[stage] = (sum.Ours + o, sum.Peer + p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-36} {p * 1000,7:0.00} / {o * 1000,7:0.00} = {p / o:0.00}"));
        }
        foreach (var (stage, (o, p)) in byStage)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {"sum " + stage,-36} {p * 1000,7:0.00} / {o * 1000,7:0.00} = {p / o:0.00}"));
        double allOurs = byStage.Values.Sum(v => v.Ours), allPeer = byStage.Values.Sum(v => v.Peer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {"all convolutions",-36} {allPeer * 1000,7:0.00} / {allOurs * 1000,7:0.00} = {allPeer / allOurs:0.00}"));
        var figures = new Dictionary<string, double> { ["convolutionsFgclepMs"] = allOurs * 1000, ["convolutionsPytorchMs"] = allPeer * 1000 };
        foreach (var (stage, (o, p)) in byStage)
        {
            figures[$"{stage}FgclepMs"] = o * 1000;
            figures[$"{stage}PytorchMs"] = p * 1000;
        }
        return figures;
    }

    /// <summary>For training rows, each side's median forward, backward and optimizer milliseconds (and the per-stage convolution sums, when measured).</summary>
    private static Dictionary<string, double> PhaseFigures(string kind, Side ours, Side theirs, Dictionary<string, double> figures,
        Dictionary<string, double>? convolutions = null)
    {
        if (kind != "train") return figures;
        foreach (var (side, prefix) in new[] { (ours, "fgclep"), (theirs, "pytorch") })
            foreach (var (phase, values) in side.Phases.Where(p => p.Value.Count > 0))
                figures[$"{prefix}{char.ToUpperInvariant(phase[0])}{phase[1..]}Ms"] = BenchmarkStats.Median(values) * 1000;
        foreach (var (name, value) in convolutions ?? []) figures[name] = value;
        return figures;
    }

    private static void Add<TKey>(Dictionary<TKey, List<double>> to, TKey key, IEnumerable<double> values) where TKey : notnull
    {
        if (!to.TryGetValue(key, out var list)) to[key] = list = new List<double>();
        list.AddRange(values);
    }

    private static float[] Floats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static string[] OurCommand()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this executable to re-invoke it.");
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? [exe, typeof(PeerBenchmark).Assembly.Location, PeerEcgServer.ChildName]
            : [exe, PeerEcgServer.ChildName];
    }

    /// <summary>The libtorch version TorchSharp brings, from this program's dependency file.</summary>
    public static string OurLibtorchVersion()
    {
        var deps = Path.Combine(AppContext.BaseDirectory, "FgClep.Benchmarks.deps.json");
        if (!File.Exists(deps)) return "unknown";
        var libraries = JsonNode.Parse(File.ReadAllText(deps))?["libraries"]?.AsObject();
        var name = libraries?.Select(l => l.Key).FirstOrDefault(k => k.StartsWith("libtorch-cpu-linux-x64/", StringComparison.Ordinal))
                   ?? libraries?.Select(l => l.Key).FirstOrDefault(k => k.StartsWith("libtorch-", StringComparison.Ordinal));
        return name?.Split('/')[1] ?? "unknown";
    }

    /// <summary>Null when <paramref name="python"/> imports torch (installing Debian's python3-torch first if it can), else why not.</summary>
    private static string? EnsurePyTorch(string python)
    {
        if (Try(python, "-c", "import torch") == 0) return null;
        if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
            return $"{python} cannot import torch; install Debian's python3-torch (apt-get install python3-torch) or give --python";
        Console.WriteLine("Installing Debian's python3-torch for the PyTorch side (apt-get) ...");
        if (Try("apt-get", "install", "-y", "--no-install-recommends", "python3-torch") != 0)
        {
            Try("apt-get", "update");
            Try("apt-get", "install", "-y", "--no-install-recommends", "python3-torch");
        }
        return Try(python, "-c", "import torch") == 0 ? null : $"apt-get could not install python3-torch, or {python} still cannot import torch";
    }

    private static int Try(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>One side's server process: a command in, one JSON line out, and its minor page faults from /proc.</summary>
    private sealed class Side : IDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _errors = new();

        private Side(string name, Process process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public static Side Start(string name, string[] command, string? tunables)
        {
            var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
            if (tunables is not null) start.Environment["GLIBC_TUNABLES"] = tunables;
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
            var side = new Side(name, process);
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (side._errors) { side._errors.Enqueue(l); if (side._errors.Count > 20) side._errors.Dequeue(); } };
            process.BeginErrorReadLine();
            return side;
        }

        public JsonNode Ask(string command, bool expectAnswer = true)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
            if (!expectAnswer) return new JsonObject();
            string? line;
            while ((line = _process.StandardOutput.ReadLine()) is not null && !line.StartsWith('{')) { } // skip library chatter
            if (line is null)
            {
                _process.WaitForExit(TimeSpan.FromSeconds(5));
                string errors;
                lock (_errors) errors = string.Join("\n", _errors.Where(e => !e.Contains("NNPACK", StringComparison.Ordinal)));
                throw new InvalidOperationException($"The {Name} side exited (code {(_process.HasExited ? _process.ExitCode : -1)}) after '{command.Split(' ')[0]}':\n{errors}");
            }
            var answer = JsonNode.Parse(line)!;
            if (answer["error"] is { } error) throw new InvalidOperationException($"The {Name} side: {error}");
            return answer;
        }

        /// <summary>Seconds per training phase (forward, backward, optimizer) over the rounds so far, warm-up steps left out.</summary>
        public Dictionary<string, List<double>> Phases { get; } = new();

        public (List<double> Seconds, long MinorFaults) Round(string kind, int steps, int batch)
        {
            long before = MinorFaults();
            var answer = Ask(string.Create(CultureInfo.InvariantCulture, $"{kind} {steps} {batch}"));
            if (answer["phases"] is JsonObject phases)
                foreach (var (phase, values) in phases)
                {
                    if (!Phases.TryGetValue(phase, out var list)) Phases[phase] = list = new List<double>();
                    list.AddRange(values!.AsArray().Skip(1).Select(v => v!.GetValue<double>()));
                }
            return (answer["seconds"]!.AsArray().Select(s => s!.GetValue<double>()).ToList(), MinorFaults() - before);
        }

        private long MinorFaults()
        {
            string stat = $"/proc/{_process.Id}/stat";
            if (!File.Exists(stat)) return 0;
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture); // minflt: the 10th field, 8th after "(comm)"
        }

        public void Dispose()
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
