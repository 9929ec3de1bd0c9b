namespace FgClep.Plots;

/// <summary>Checks where a figure is about to be written, so mistakes surface as one clear message before rendering.</summary>
internal static class PlotOutputPath
{
    /// <summary>Returns the full path, or throws when it is empty, malformed, has another extension, names a folder, or its folder is missing.</summary>
    public static string Check(string path, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The plot output path is empty.", nameof(path));

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"The plot output path '{path}' is not a valid file path: {ex.Message}", nameof(path), ex);
        }

        string extension = Path.GetExtension(full);
        if (!extensions.Any(e => e.Equals(extension, StringComparison.OrdinalIgnoreCase)))
        {
            string found = extension.Length == 0 ? "no extension" : $"'{extension}'";
            throw new ArgumentException(
                $"The plot output path '{path}' must end in {string.Join(" or ", extensions)}; found {found}.", nameof(path));
        }
        if (Directory.Exists(full))
            throw new ArgumentException($"The plot output path '{full}' is an existing folder, not a file.", nameof(path));

        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The folder '{folder}' for the plot '{Path.GetFileName(full)}' does not exist.");
        return full;
    }
}
