using System.IO.Compression;
using System.Text.Json;
using FgClep.Data;
using TorchSharp;

namespace FgClep.Modeling;

/// <summary>
/// The versioned FgClep model package: one zip holding
/// <c>config.json</c> (format version, architecture, preprocessing, tokenizer settings),
/// <c>vocab.txt</c> (the tokenizer vocabulary) and <c>model.safetensors</c> (all weights, state-dict key names).
/// </summary>
internal static class FgClepModelPackage
{
    public const int FormatVersion = 1;
    private const string ConfigEntry = "config.json", VocabularyEntry = "vocab.txt", WeightsEntry = "model.safetensors";

    internal sealed record PackageConfig(
        int FormatVersion, ClepModelOptions Model, EcgPreprocessorOptions Preprocessing, bool LowerCase, int MaxTokens, string Library);

    public static void Save(FgClepModel model, Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var config = new PackageConfig(FormatVersion, model.Network.Options, model.Preprocessing, model.Tokenizer.LowerCase,
            model.Tokenizer.MaxLength, $"FgClep {typeof(FgClepModel).Assembly.GetName().Version}");
        using (var w = new StreamWriter(zip.CreateEntry(ConfigEntry).Open()))
            w.Write(JsonSerializer.Serialize(config, ModelJson.Options));
        using (var w = new StreamWriter(zip.CreateEntry(VocabularyEntry).Open()))
            foreach (var token in model.Tokenizer.Vocabulary) w.Write(token + "\n");
        var weightsPath = Path.Combine(Path.GetTempPath(), $"fgclep-weights-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (torch.NewDisposeScope())
                SafetensorsFile.Write(weightsPath, model.Network.state_dict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.cpu())));
            using var e = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open();
            using var f = File.OpenRead(weightsPath);
            f.CopyTo(e);
        }
        finally { File.Delete(weightsPath); }
    }

    public static FgClepModel Load(Stream source, string sourceName)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { throw new InvalidDataException($"'{sourceName}' is not an FgClep model package (not a zip file).", ex); }
        using (zip)
        {
            var config = ReadConfig(zip, sourceName);
            string vocabPath = Path.Combine(Path.GetTempPath(), $"fgclep-vocab-{Guid.NewGuid():N}.txt");
            string weightsPath = Path.ChangeExtension(vocabPath, ".safetensors");
            try
            {
                using (var file = File.Create(vocabPath))
                using (var entry = Open(zip, VocabularyEntry, sourceName))
                    entry.CopyTo(file);
                var tokenizer = ReportTokenizer.FromVocabularyFile(vocabPath, config.LowerCase, config.MaxTokens);
                var network = new ClepModel(config.Model);
                using (var file = File.Create(weightsPath))
                using (var entry = Open(zip, WeightsEntry, sourceName))
                    entry.CopyTo(file);
                try
                {
                    CopyWeights(network, weightsPath);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or EcgFormatException)
                {
                    network.Dispose();
                    throw new InvalidDataException($"Weights in '{sourceName}' do not match its architecture: {ex.Message}", ex);
                }
                network.eval();
                return new FgClepModel(network, tokenizer, config.Preprocessing);
            }
            finally { File.Delete(vocabPath); File.Delete(weightsPath); }
        }
    }

    /// <summary>
    /// Copies every tensor of the file into the network's own parameters and buffers. Copying (rather than
    /// <c>load_state_dict</c>, which may adopt the loaded tensors as buffers) keeps the network independent of the
    /// loaded tensors, which are disposed here.
    /// </summary>
    private static void CopyWeights(ClepModel network, string weightsPath)
    {
        using var scope = torch.NewDisposeScope();
        var weights = SafetensorsFile.Read(weightsPath);
        var target = network.state_dict();
        var missing = target.Keys.Except(weights.Keys).ToList();
        var unexpected = weights.Keys.Except(target.Keys).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidOperationException(
                $"missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}; unexpected {string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", …" : "")}");
        foreach (var (name, destination) in target)
        {
            var source = weights[name];
            if (!source.shape.SequenceEqual(destination.shape))
                throw new InvalidOperationException($"'{name}' has shape [{string.Join(", ", source.shape)}] in the file and [{string.Join(", ", destination.shape)}] in the model");
            using (torch.no_grad()) destination.copy_(source);
        }
    }

    private static PackageConfig ReadConfig(ZipArchive zip, string sourceName)
    {
        using var reader = new StreamReader(Open(zip, ConfigEntry, sourceName));
        var text = reader.ReadToEnd();
        using (var doc = JsonDocument.Parse(text))
        {
            if (!doc.RootElement.TryGetProperty(nameof(PackageConfig.FormatVersion), out var v) || v.ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"'{sourceName}' has no format version in {ConfigEntry}.");
            if (v.GetInt32() > FormatVersion)
                throw new InvalidDataException($"'{sourceName}' has package format {v.GetInt32()}; this FgClep reads up to {FormatVersion}. Update FgClep.");
        }
        return JsonSerializer.Deserialize<PackageConfig>(text, ModelJson.Options)
               ?? throw new InvalidDataException($"'{sourceName}' has an empty {ConfigEntry}.");
    }

    private static Stream Open(ZipArchive zip, string name, string sourceName) =>
        (zip.GetEntry(name) ?? throw new InvalidDataException($"'{sourceName}' lacks the entry '{name}'; it is not a complete FgClep model package.")).Open();
}
