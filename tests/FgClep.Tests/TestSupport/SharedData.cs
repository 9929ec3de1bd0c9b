namespace FgClep.Tests.TestSupport;

/// <summary>
/// Locates the workplace's shared folder (<c>../shared</c> beside the repository, or <c>FGCLEP_SHARED_DIR</c>).
/// Tests that need it call <see cref="RequireDirectory"/>, which marks them Inconclusive with the reason when absent.
/// </summary>
internal static class SharedData
{
    public static string? Root { get; } = Locate();

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("FGCLEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FgClep.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }

    /// <summary>The full path of <paramref name="relative"/> under the shared folder; Inconclusive when it does not exist.</summary>
    public static string RequireDirectory(string relative)
    {
        if (Root is null) Assert.Inconclusive("The shared data folder (../shared beside the repository, or FGCLEP_SHARED_DIR) was not found.");
        var path = Path.Combine(Root!, relative);
        if (!Directory.Exists(path)) Assert.Inconclusive($"Shared data folder '{path}' is absent; this test needs it.");
        return path;
    }

    /// <summary>The full path of file <paramref name="relative"/> under the shared folder; Inconclusive when it does not exist.</summary>
    public static string RequireFile(string relative)
    {
        if (Root is null) Assert.Inconclusive("The shared data folder (../shared beside the repository, or FGCLEP_SHARED_DIR) was not found.");
        var path = Path.Combine(Root!, relative);
        if (!File.Exists(path)) Assert.Inconclusive($"Shared file '{path}' is absent; this test needs it.");
        return path;
    }
}
