namespace FgClep.Tests;

/// <summary>Scratch folders for tests that write their own input files (removed at process exit).</summary>
internal static class DataTestFiles
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"fgclep-data-tests-{Environment.ProcessId}");

    static DataTestFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    };

    public static string NewDirectory()
    {
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
