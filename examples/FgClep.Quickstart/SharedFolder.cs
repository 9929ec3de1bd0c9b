namespace FgClep.Quickstart;

/// <summary>Finds the optional shared data folder (<c>../shared</c> beside the repository, or <c>FGCLEP_SHARED_DIR</c>).</summary>
internal static class SharedFolder
{
    public static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("FGCLEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "FgClep.sln"))) continue;
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}
