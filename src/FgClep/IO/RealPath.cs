namespace FgClep.IO;

/// <summary>
/// The canonical path of a file or folder with every symbolic link resolved (like POSIX <c>realpath</c>), and whether one
/// path lies inside a folder once links are followed.
/// </summary>
internal static class RealPath
{
    private const int MaxLinkHops = 40;

    private static StringComparison Comparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Resolves <paramref name="path"/>; components that do not exist are kept as written.</summary>
    /// <exception cref="IOException">The links form a loop (more than 40 hops).</exception>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new List<string>(Split(full[current.Length..]));
        pending.Reverse(); // used as a stack: the next component is last
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part == ".") continue;
            if (part == "..")
            {
                // current has no links in it, so its parent is the real parent.
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var candidate = Path.Combine(current, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }
            if (++hops > MaxLinkHops) throw new IOException($"Too many levels of symbolic links resolving '{path}'.");
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(Path.GetFullPath(target))!;
            var parts = Split(Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target);
            for (var i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> (resolved) is <paramref name="folder"/> (resolved) or lies below it.</summary>
    public static bool IsInside(string path, string folder) => IsInsideResolved(Resolve(path), Resolve(folder));

    /// <summary>Like <see cref="IsInside"/>, for paths already resolved by <see cref="Resolve"/>.</summary>
    public static bool IsInsideResolved(string realPath, string realFolder)
    {
        if (realPath.Equals(realFolder, Comparison)) return true;
        var prefix = Path.EndsInDirectorySeparator(realFolder) ? realFolder : realFolder + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, Comparison);
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
