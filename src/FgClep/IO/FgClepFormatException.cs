namespace FgClep.IO;

/// <summary>
/// Raised for any malformed, truncated or inconsistent input file: ECG records (WFDB header or signal, MAT, CSV), model
/// packages, safetensors and PyTorch checkpoints, text-encoder folders.
/// The message names the file, the location (line or byte offset), what was expected and what was found.
/// </summary>
public sealed class FgClepFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="location">Where in the file, e.g. <c>line 3</c> or <c>byte 1024</c>; null when the whole file is at fault.</param>
    /// <param name="problem">What was expected and what was found.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public FgClepFormatException(string filePath, string? location, string problem, Exception? inner = null)
        : base(Format(filePath, location, problem), inner)
    {
        FilePath = filePath;
        Location = location;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file (line or byte offset), or null.</summary>
    public string? Location { get; }

    /// <summary>The problem, without file and location.</summary>
    public string Problem { get; }

    private static string Format(string filePath, string? location, string problem)
        => location is null ? $"{filePath}: {problem}" : $"{filePath} ({location}): {problem}";
}
