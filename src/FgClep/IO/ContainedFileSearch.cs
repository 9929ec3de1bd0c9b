namespace FgClep.IO;

/// <summary>
/// Finds files below a folder, following symbolic links only while they stay inside it: every real folder is visited once
/// (so <c>self -&gt; .</c> or <c>up -&gt; ..</c> links neither repeat nor escape), and files or folders whose links lead outside
/// the root are left out.
/// </summary>
internal static class ContainedFileSearch
{
    /// <summary>Files matching <paramref name="searchPattern"/> in <paramref name="root"/> and its sub-folders, as paths under <paramref name="root"/>, in no particular order.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static IEnumerable<string> Find(string root, string searchPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Folder '{root}' was not found.");
        var realRoot = RealPath.Resolve(root);
        var visited = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((root, realRoot));
        while (pending.Count > 0)
        {
            var (folder, realFolder) = pending.Pop();
            if (!visited.Add(realFolder)) continue;
            var info = new DirectoryInfo(folder);
            foreach (var file in info.EnumerateFiles(searchPattern))
            {
                if (IsLink(file) && !RealPath.IsInsideResolved(RealPath.Resolve(file.FullName), realRoot)) continue;
                yield return Path.Combine(folder, file.Name);
            }
            foreach (var sub in info.EnumerateDirectories())
            {
                var realSub = IsLink(sub) ? RealPath.Resolve(sub.FullName) : Path.Combine(realFolder, sub.Name);
                if (RealPath.IsInsideResolved(realSub, realRoot) && !visited.Contains(realSub))
                    pending.Push((Path.Combine(folder, sub.Name), realSub));
            }
        }
    }

    private static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;
}
