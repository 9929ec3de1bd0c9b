namespace FgClep.Modeling.Text;

/// <summary>
/// Finds a file of a restored NuGet package in the global packages folder, the way NuGet lays it out:
/// <c>&lt;root&gt;/&lt;id lower-case&gt;/&lt;version&gt;/&lt;path&gt;</c>.
/// </summary>
internal static class NuGetPackageLocator
{
    /// <summary>Runtime config key under which the FgClep build targets record the build's <c>$(NuGetPackageFolders)</c> (global
    /// packages folder and fallback folders, separated by <c>;</c>).</summary>
    internal const string PackageFoldersConfigKey = "FgClep.NuGetPackageFolders";

    /// <summary>The global packages folders to search, most specific first, without duplicates.</summary>
    /// <param name="explicitRoot">A folder the caller names; searched first.</param>
    public static IReadOnlyList<string> CandidateRoots(string? explicitRoot = null)
    {
        var roots = new List<string?> { explicitRoot, Environment.GetEnvironmentVariable("NUGET_PACKAGES") };
        if (AppContext.GetData(PackageFoldersConfigKey) is string recorded) roots.AddRange(recorded.Split(';'));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home)) roots.Add(Path.Combine(home, ".nuget", "packages"));
        return roots.Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.GetFullPath(r!.Trim()))
            .Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The path of <paramref name="relativePath"/> inside package <paramref name="id"/> <paramref name="version"/>.</summary>
    /// <exception cref="FileNotFoundException">No candidate folder holds the file; the message lists the places searched.</exception>
    public static string Locate(string id, string version, string relativePath, string? explicitRoot = null)
    {
        var searched = new List<string>();
        foreach (var root in CandidateRoots(explicitRoot))
        {
            var path = Path.Combine(root, id.ToLowerInvariant(), version.ToLowerInvariant(), relativePath);
            if (File.Exists(path)) return path;
            searched.Add(path);
        }
        throw new FileNotFoundException(
            $"NuGet package {id} {version} is not in the global packages folder (looked for {string.Join(", ", searched.Select(s => $"'{s}'"))}). " +
            $"Restore a project that has <PackageDownload Include=\"{id}\" Version=\"[{version}]\" /> (any build of FgClep or of a project " +
            "referencing the FgClep package does), or set NUGET_PACKAGES to the folder that holds it.",
            searched.FirstOrDefault());
    }
}
