using System.Runtime.InteropServices;
using System.Text;

namespace FgClep.IO;

/// <summary>
/// Opens input files only when they are regular files. Opening a named pipe (FIFO) blocks until a writer appears and a
/// device such as <c>/dev/zero</c> never ends, so both are refused before they are opened.
/// </summary>
internal static class RegularFile
{
    private const int AtFdCwd = -100, StatxType = 0x1, StatxModeOffset = 28, StatxSize = 256;
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, Regular = 0x8000, Socket = 0xC000;

    /// <summary>Throws when <paramref name="path"/> exists and is not a regular file (links are followed); a missing path is left to the caller.</summary>
    /// <exception cref="NotARegularFileException">The path is a folder, FIFO, device or socket.</exception>
    public static void Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (System.IO.Directory.Exists(path)) throw new NotARegularFileException(path, "a folder");
        if (!OperatingSystem.IsLinux()) return;
        var buffer = new byte[StatxSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, 0, StatxType, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return; // a C library without statx: no check beyond the folder one
        }
        if (result != 0) return; // missing or unreadable: opening it reports that
        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask;
        var kind = mode switch
        {
            Regular => null,
            Fifo => "a named pipe (FIFO)",
            CharDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            Directory => "a folder",
            _ => "not a file",
        };
        if (kind is not null) throw new NotARegularFileException(path, kind);
    }

    /// <summary>Opens a regular file for reading.</summary>
    /// <exception cref="NotARegularFileException">The path is a folder, FIFO, device or socket.</exception>
    public static FileStream OpenRead(string path)
    {
        Check(path);
        return File.OpenRead(path);
    }

    /// <summary>Reads a regular file as UTF-8 text.</summary>
    /// <exception cref="NotARegularFileException">The path is a folder, FIFO, device or socket.</exception>
    public static string ReadAllText(string path)
    {
        Check(path);
        return File.ReadAllText(path, Encoding.UTF8);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
