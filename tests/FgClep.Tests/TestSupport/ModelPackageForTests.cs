using System.IO.Compression;
using System.Text.Json.Nodes;

namespace FgClep.Tests.TestSupport;

/// <summary>A tiny saved model package, and copies of it with one entry replaced.</summary>
internal static class ModelPackageForTests
{
    /// <summary>The package bytes of a tiny model.</summary>
    public static byte[] Tiny()
    {
        using var model = TinyClep.EmbeddingModel();
        using var buffer = new MemoryStream();
        model.Save(buffer);
        return buffer.ToArray();
    }

    /// <summary>A copy of <paramref name="package"/> with <paramref name="entry"/> replaced by what <paramref name="write"/> writes.</summary>
    public static byte[] WithEntry(byte[] package, string entry, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        buffer.Write(package);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(entry)!.Delete();
            using var stream = zip.CreateEntry(entry, CompressionLevel.Fastest).Open();
            write(stream);
        }
        return buffer.ToArray();
    }

    /// <summary>A copy whose config.json has <paramref name="edit"/> applied.</summary>
    public static byte[] WithConfig(byte[] package, Action<JsonObject> edit)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var config = (JsonObject)JsonNode.Parse(reader.ReadToEnd())!;
        edit(config);
        return WithEntry(package, "config.json", s => { using var w = new StreamWriter(s); w.Write(config.ToJsonString()); });
    }

    /// <summary>A copy whose text encoder's hidden size in config.json is <paramref name="hiddenSize"/> (the weights unchanged).</summary>
    public static byte[] WithTextHiddenSize(byte[] package, int hiddenSize)
        => WithConfig(package, c => c["Model"]!["Text"]!["HiddenSize"] = hiddenSize);
}
