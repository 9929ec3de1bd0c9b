using System.Text;

namespace FgClep.Tests.TestSupport;

/// <summary>A temporary folder for hand-built WFDB/MAT files, deleted on dispose.</summary>
internal sealed class WfdbScratchForTests : IDisposable
{
    public WfdbScratchForTests()
    {
        Root = Path.Combine(Path.GetTempPath(), "fgclep-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string WriteText(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
