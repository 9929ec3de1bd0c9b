using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace FgClep.Benchmarks;

/// <summary>
/// What ONNX Runtime made of a model: the node types of the graph it actually runs (after its optimisations, saved with
/// <see cref="SessionOptions.OptimizedModelFilePath"/>) and where a run's time goes per operator type
/// (<see cref="SessionOptions.EnableProfiling"/>).
/// </summary>
internal static class OrtInspection
{
    /// <summary>"Type ×count" for each node type of the optimised graph, most frequent first.</summary>
    public static string OptimizedNodeTypes(string modelPath, Func<SessionOptions> options)
    {
        var optimized = Path.Combine(Path.GetTempPath(), $"fgclep-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var so = options())
            {
                so.OptimizedModelFilePath = optimized;
                using var session = new InferenceSession(modelPath, so);
            }
            var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph;
            return string.Join(", ", graph.Node
                .GroupBy(n => string.IsNullOrEmpty(n.Domain) ? n.OpType : $"{n.Domain}.{n.OpType}")
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} x{g.Count()}"));
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> <paramref name="runs"/> times under the profiler; returns the share of the summed
    /// node time per operator type (most first), the node time per run in milliseconds, and the convolutions' GFLOP/s
    /// grouped by output shape (channels × length; FLOPs = 2 · weights · batch · output positions, weights from the
    /// node's parameter size less its bias).
    /// </summary>
    public static (List<(string Op, double Share)> Ops, double NodeMilliseconds, List<(string Output, double Gflops)> Convolutions) Profile(string modelPath, Func<SessionOptions> options,
        Action<InferenceSession> run, int runs)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"fgclep-profile-{Guid.NewGuid():N}");
        string? file = null;
        try
        {
            using (var so = options())
            {
                so.ProfileOutputPathPrefix = prefix; // read when profiling is enabled, so first
                so.EnableProfiling = true;
                using var session = new InferenceSession(modelPath, so);
                run(session); // warm-up, also profiled: left out below
                for (int i = 0; i < runs; i++) run(session);
                file = session.EndProfiling();
            }
            var byOp = new Dictionary<string, double>(StringComparer.Ordinal);
            var conv = new Dictionary<string, (double Flops, double Microseconds)>(StringComparer.Ordinal);
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
                var a = e.GetProperty("args");
                var op = a.GetProperty("op_name").GetString()!;
                double dur = e.GetProperty("dur").GetDouble();
                byOp[op] = byOp.GetValueOrDefault(op) + dur;
                if (!op.Contains("Conv", StringComparison.Ordinal)) continue;
                var shape = a.GetProperty("output_type_shape")[0].GetProperty("float").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                long positions = shape.Skip(2).Aggregate(1L, (x, y) => x * y);
                long weights = long.Parse(a.GetProperty("parameter_size").GetString()!, CultureInfo.InvariantCulture) / sizeof(float) - shape[1];
                var key = $"{shape[1]}x{positions}";
                var (f, t) = conv.GetValueOrDefault(key);
                conv[key] = (f + 2.0 * weights * shape[0] * positions, t + dur);
            }
            double total = byOp.Values.Sum();
            return (byOp.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value / total)).ToList(), total / 1000 / (runs + 1),
                conv.Select(kv => (kv.Key, kv.Value.Flops / kv.Value.Microseconds / 1e3)).ToList());
        }
        finally
        {
            if (file is not null) File.Delete(file);
        }
    }

    public static string Format(List<(string Op, double Share)> ops) =>
        string.Join(", ", ops.Where(o => o.Share >= 0.001).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Op} {o.Share * 100:0.0} %")));

    public static string FormatConvolutions(List<(string Output, double Gflops)> convolutions) =>
        string.Join(", ", convolutions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Output} {c.Gflops:0}")));
}
