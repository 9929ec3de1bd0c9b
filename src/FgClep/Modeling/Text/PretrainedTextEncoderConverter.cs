using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FgClep.IO;
using FgClep.Modeling.Serialization;
using static TorchSharp.torch;

namespace FgClep.Modeling.Text;

/// <summary>
/// Converts the ONNX model and vocabulary embedded in a SentenceTransformers package assembly into a Hugging Face BERT folder
/// (<c>config.json</c>, <c>vocab.txt</c>, <c>model.safetensors</c>, <c>NOTICE.txt</c>), and checks such a folder. A folder is
/// complete only once its manifest (<see cref="ManifestFileName"/>, written last, with the size and SHA-256 of every file)
/// agrees with its files; folders are built under a temporary name and renamed into place.
/// </summary>
internal static class PretrainedTextEncoderConverter
{
    public const string ManifestFileName = "fgclep-text-encoder.json";
    public const string NoticeFileName = "NOTICE.txt";
    private const string ModelResourceSuffix = ".Resources.model.onnx";
    private const string VocabularyResourceSuffix = ".Resources.vocab.txt";
    private const int ManifestFormat = 1;
    private static readonly string[] ContentFiles = ["config.json", "vocab.txt", BertCheckpoint.SafetensorsFileName, NoticeFileName];

    /// <summary>Returns <paramref name="directory"/> holding a valid conversion, converting <paramref name="assemblyPath"/> when it does not.</summary>
    /// <returns>The directory, and whether this call converted.</returns>
    public static (string Directory, bool Converted) Ensure(PretrainedTextEncoder encoder, string directory, Func<string> assemblyPath)
    {
        if (IsValid(directory, encoder, out _)) return (directory, false);
        var source = assemblyPath();
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(directory)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Convert(source, encoder, temp);
            if (Directory.Exists(directory))
            {
                // An invalid (interrupted or corrupted) folder: move it aside first so the final name is free for one rename.
                var stale = Path.Combine(parent, $".{Path.GetFileName(directory)}.stale-{Guid.NewGuid():N}");
                try { Directory.Move(directory, stale); Directory.Delete(stale, recursive: true); }
                catch (IOException) when (!Directory.Exists(directory)) { }
            }
            try
            {
                Directory.Move(temp, directory);
            }
            catch (IOException) when (IsValid(directory, encoder, out _))
            {
                // Another process finished the same conversion first; theirs is as good as ours.
            }
            return (directory, true);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Converts the package assembly into <paramref name="targetDirectory"/> (created; must not exist yet).</summary>
    /// <exception cref="FileNotFoundException">The assembly does not exist.</exception>
    /// <exception cref="FgClepFormatException">The assembly, its ONNX graph or its vocabulary is not what a BERT export should be.</exception>
    public static void Convert(string assemblyPath, PretrainedTextEncoder encoder, string targetDirectory)
    {
        var clock = Stopwatch.StartNew();
        ReadOnlyMemory<byte> model, vocabBytes;
        using (var resources = new ManifestResourceReader(assemblyPath))
        {
            model = resources.Read(ModelResourceSuffix);
            vocabBytes = resources.Read(VocabularyResourceSuffix);
        }
        var modelSource = $"{assemblyPath} (resource *{ModelResourceSuffix})";
        var graph = OnnxProtoReader.Read(model, modelSource);
        var weights = OnnxBertWeightMapper.Map(graph, modelSource, out var config);
        config = config with { DoLowerCase = true };
        var vocabulary = ReadVocabulary(vocabBytes, $"{assemblyPath} (resource *{VocabularyResourceSuffix})", config.VocabSize);

        Directory.CreateDirectory(targetDirectory);
        config.Save(Path.Combine(targetDirectory, "config.json"));
        File.WriteAllText(Path.Combine(targetDirectory, "vocab.txt"), string.Concat(vocabulary.Select(t => t + "\n")), new UTF8Encoding(false));
        using (NewDisposeScope())
        {
            SafetensorsFile.Write(Path.Combine(targetDirectory, BertCheckpoint.SafetensorsFileName),
                weights.Select(w => new KeyValuePair<string, Tensor>(w.Name, tensor(w.Values, w.Shape))));
        }
        File.WriteAllText(Path.Combine(targetDirectory, NoticeFileName), Notice(encoder, assemblyPath), new UTF8Encoding(false));
        WriteManifest(targetDirectory, encoder, assemblyPath, clock.Elapsed);
    }

    /// <summary>Whether <paramref name="directory"/> holds a complete, unaltered conversion of <paramref name="encoder"/>.</summary>
    public static bool IsValid(string directory, PretrainedTextEncoder encoder, out string reason)
    {
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            reason = Directory.Exists(directory) ? $"'{manifestPath}' is missing" : $"'{directory}' does not exist";
            return false;
        }
        try
        {
            var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            if (manifest["format"]?.GetValue<int>() != ManifestFormat || manifest["package"]?.GetValue<string>() != encoder.PackageId
                || manifest["packageVersion"]?.GetValue<string>() != encoder.PackageVersion)
            {
                reason = $"'{manifestPath}' describes another format or package";
                return false;
            }
            var files = manifest["files"]!.AsObject();
            foreach (var name in ContentFiles)
            {
                var path = Path.Combine(directory, name);
                var expected = files[name]?.AsObject();
                if (expected is null || !File.Exists(path) || new FileInfo(path).Length != expected["bytes"]!.GetValue<long>()
                    || Sha256(path) != expected["sha256"]!.GetValue<string>())
                {
                    reason = $"'{path}' is missing or differs from the manifest";
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or IOException)
        {
            reason = $"'{manifestPath}' is unreadable: {ex.Message}";
            return false;
        }
        reason = "";
        return true;
    }

    private static List<string> ReadVocabulary(ReadOnlyMemory<byte> bytes, string source, int expectedSize)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FgClepFormatException(source, null, $"expected a UTF-8 vocab.txt: {ex.Message}", ex);
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count != expectedSize)
            throw new FgClepFormatException(source, null,
                $"expected {expectedSize} tokens, one a line (the rows of embeddings.word_embeddings.weight); found {lines.Count} lines.");
        var duplicate = lines.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FgClepFormatException(source, $"line {lines.IndexOf(duplicate.Key) + 1}", $"expected unique tokens; \"{duplicate.Key}\" occurs {duplicate.Count()} times.");
        return lines;
    }

    private static void WriteManifest(string directory, PretrainedTextEncoder encoder, string assemblyPath, TimeSpan elapsed)
    {
        var files = new JsonObject();
        foreach (var name in ContentFiles)
        {
            var path = Path.Combine(directory, name);
            files[name] = new JsonObject { ["bytes"] = new FileInfo(path).Length, ["sha256"] = Sha256(path) };
        }
        var manifest = new JsonObject
        {
            ["format"] = ManifestFormat,
            ["model"] = encoder.Name,
            ["upstream"] = encoder.UpstreamModel,
            ["package"] = encoder.PackageId,
            ["packageVersion"] = encoder.PackageVersion,
            ["sourceAssembly"] = Path.GetFullPath(assemblyPath),
            ["converter"] = $"FgClep {typeof(PretrainedTextEncoderConverter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}",
            ["convertedUtc"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["conversionSeconds"] = Math.Round(elapsed.TotalSeconds, 2),
            ["files"] = files,
        };
        File.WriteAllText(Path.Combine(directory, ManifestFileName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Notice(PretrainedTextEncoder encoder, string assemblyPath)
    {
        using var stream = typeof(PretrainedTextEncoderConverter).Assembly.GetManifestResourceStream(ThirdPartyNoticesResource)
            ?? throw new InvalidOperationException($"FgClep is built without its {ThirdPartyNoticesResource} resource.");
        using var reader = new StreamReader(stream);
        return $"This folder holds {encoder.UpstreamModel} (Apache License 2.0), converted by FgClep from the ONNX model embedded in " +
               $"{Path.GetFileName(assemblyPath)} of NuGet package {encoder.PackageId} {encoder.PackageVersion}.\n\n" + reader.ReadToEnd();
    }

    internal const string ThirdPartyNoticesResource = "FgClep.ThirdPartyNotices.txt";

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
