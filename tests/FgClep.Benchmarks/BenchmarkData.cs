namespace FgClep.Benchmarks;

/// <summary>Finds the shared data folder: <c>FGCLEP_SHARED_DIR</c>, or <c>../shared</c> beside the repository.</summary>
internal static class BenchmarkData
{
    public static string? FindShared()
    {
        var env = Environment.GetEnvironmentVariable("FGCLEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "FgClep.sln"))) continue;
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(shared)) return shared;
            }
        }
        return null;
    }

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(IReadOnlyList<string> args, string name)
    {
        for (int i = 0; i + 1 < args.Count; i++)
            if (args[i] == name) return args[i + 1];
        return null;
    }

    /// <summary>The one-minute load average (Linux), to tell a busy machine from a slow benchmark; null elsewhere.</summary>
    public static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        var first = File.ReadAllText(path).Split(' ')[0];
        return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    /// <summary>Whether the switch <paramref name="name"/> (e.g. <c>--quick</c>) is in <paramref name="args"/>.</summary>
    public static bool Flag(IReadOnlyList<string> args, string name) => args.Contains(name);
}
