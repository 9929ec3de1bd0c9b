namespace FgClep.Modeling.Text;

/// <summary>Where converted text encoders are kept: <c>FGCLEP_CACHE</c>, else <c>$XDG_CACHE_HOME/fgclep</c>, else the user's cache folder.</summary>
internal static class TextEncoderCache
{
    /// <summary>Environment variable that overrides the cache root.</summary>
    public const string EnvironmentVariable = "FGCLEP_CACHE";

    /// <summary>The cache root of FgClep (converted text encoders go to <c>text-encoders/</c> under it).</summary>
    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitRoot) return Path.GetFullPath(explicitRoot);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "fgclep");
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "fgclep");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home)) return Path.Combine(Path.GetTempPath(), "fgclep-cache");
        return OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches", "fgclep") : Path.Combine(home, ".cache", "fgclep");
    }
}
