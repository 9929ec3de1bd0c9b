
namespace FgClep.IO;

/// <summary>Reads a whole input file, turning "not found" and I/O failures into <see cref="FgClepFormatException"/>.</summary>
internal static class EcgFileBytes
{
    /// <param name="path">The file.</param>
    /// <param name="kind">What the file is, for the message (e.g. <c>header file</c>, <c>MAT file</c>).</param>
    public static byte[] Read(string path, string kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            RegularFile.Check(path);
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FgClepFormatException(path, null, $"{kind} not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FgClepFormatException(path, null, $"cannot read {kind}: {e.Message}", e);
        }
    }
}
