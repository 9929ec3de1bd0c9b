namespace FgClep.IO;

/// <summary>An input path names a folder, named pipe (FIFO), device or socket where a regular file was expected.</summary>
public sealed class NotARegularFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path at fault.</param>
    /// <param name="kind">What the path is instead, e.g. <c>a named pipe (FIFO)</c>.</param>
    public NotARegularFileException(string path, string kind)
        : base($"'{path}' is {kind}, not a regular file.")
    {
        FilePath = path;
    }

    /// <summary>The path at fault.</summary>
    public string FilePath { get; }
}
