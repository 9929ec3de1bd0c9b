using System.IO.Compression;

namespace FgClep.IO;

/// <summary>
/// Copies zip entries out with a size limit that holds both for the length the archive declares and for the bytes that
/// actually come out, so a small package cannot unpack into an unbounded file.
/// </summary>
internal static class ZipEntryLimits
{
    /// <summary>Copies <paramref name="entry"/> into <paramref name="destination"/>.</summary>
    /// <param name="entry">The archive entry.</param>
    /// <param name="maxBytes">Largest accepted uncompressed size.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="sourceName">How messages name the archive.</param>
    /// <exception cref="InvalidDataException">The entry is larger than the limit, or longer than it declares.</exception>
    public static void CopyTo(ZipArchiveEntry entry, long maxBytes, Stream destination, string sourceName)
    {
        var name = entry.FullName;
        var declared = entry.Length;
        if (declared > maxBytes)
            throw new InvalidDataException($"'{sourceName}': entry '{name}' declares {declared} bytes; at most {maxBytes} are accepted.");
        using var source = entry.Open();
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > declared)
                throw new InvalidDataException($"'{sourceName}': entry '{name}' holds more than the {declared} bytes it declares.");
            destination.Write(buffer, 0, read);
        }
    }

    /// <summary>Reads the entry as UTF-8 text, within <paramref name="maxBytes"/>.</summary>
    /// <inheritdoc cref="CopyTo" />
    public static string ReadText(ZipArchiveEntry entry, long maxBytes, string sourceName)
    {
        using var buffer = new MemoryStream();
        CopyTo(entry, maxBytes, buffer, sourceName);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
