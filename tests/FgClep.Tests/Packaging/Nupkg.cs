using System.IO.Compression;
using System.Xml.Linq;

namespace FgClep.Tests.Packaging;

/// <summary>What a .nupkg holds: its file entries and the metadata of its .nuspec.</summary>
internal sealed class Nupkg
{
    private readonly XElement _metadata;

    private Nupkg(string path, IReadOnlyList<string> entries, XElement metadata)
    {
        Path = path;
        Entries = entries;
        _metadata = metadata;
    }

    /// <summary>The package file.</summary>
    public string Path { get; }

    /// <summary>Entry names inside the package, '/'-separated.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Reads the entry list and the single root-level .nuspec of <paramref name="path"/>.</summary>
    public static Nupkg Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspecs = zip.Entries.Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, nuspecs, $"{path} should hold exactly one root .nuspec; entries: {string.Join(", ", entries)}");
        using var stream = nuspecs[0].Open();
        var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
                       ?? throw new InvalidDataException($"{path}: the .nuspec has no <metadata> element.");
        return new Nupkg(path, entries, metadata);
    }

    /// <summary>The text of metadata element <paramref name="name"/> (e.g. "version", "readme"), or null.</summary>
    public string? Metadata(string name) => _metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The license element's type attribute and value, e.g. ("expression", "MIT").</summary>
    public (string? Type, string? Value) License()
    {
        var license = _metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        return (license?.Attribute("type")?.Value, license?.Value);
    }

    /// <summary>The package dependencies of every target-framework group, by id (case-insensitive).</summary>
    public IReadOnlyDictionary<string, XElement> Dependencies() =>
        _metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .GroupBy(e => e.Attribute("id")!.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Fails the test listing the package's entries when any of <paramref name="required"/> is missing.</summary>
    public void AssertContains(params string[] required)
    {
        var missing = required.Where(r => !Entries.Contains(r, StringComparer.Ordinal)).ToList();
        Assert.IsEmpty(missing, $"{System.IO.Path.GetFileName(Path)} lacks {string.Join(", ", missing)}; it holds: {string.Join(", ", Entries)}");
    }
}
