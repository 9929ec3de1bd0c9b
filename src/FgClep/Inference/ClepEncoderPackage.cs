using System.IO.Compression;
using System.Text.Json;
using FgClep.IO;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using TorchSharp;

namespace FgClep.Inference;

/// <summary>
/// The versioned FgClep model package: one zip holding
/// <c>config.json</c> (format version, architecture, preprocessing, tokenizer settings),
/// <c>vocab.txt</c> (the tokenizer vocabulary) and <c>model.safetensors</c> (all weights, state-dict key names).
/// </summary>
internal static class ClepEncoderPackage
{
    public const int FormatVersion = 1;
    private const string ConfigEntry = "config.json", VocabularyEntry = "vocab.txt", WeightsEntry = "model.safetensors";

    internal sealed record PackageConfig(
        int FormatVersion, ClepModelOptions Model, EcgPreprocessorOptions Preprocessing, bool LowerCase, int MaxTokens, string Library);

    public static void Save(ClepEncoder model, Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var config = new PackageConfig(FormatVersion, model.Network.Options, model.Preprocessing, model.Tokenizer.LowerCase,
            model.Tokenizer.MaxLength, $"FgClep {typeof(ClepEncoder).Assembly.GetName().Version}");
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

    /// <summary>Largest accepted <c>config.json</c>.</summary>
    internal const long MaxConfigBytes = 1L << 20;

    /// <summary>Largest accepted <c>vocab.txt</c> (BERT vocabularies are well under 1 MiB).</summary>
    internal const long MaxVocabularyBytes = 64L << 20;

    /// <summary>Largest accepted <c>model.safetensors</c>.</summary>
    internal const long MaxWeightsBytes = 16L << 30;

    public static ClepEncoder Load(Stream source, string sourceName)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { throw new InvalidDataException($"'{sourceName}' is not an FgClep model package (not a zip file).", ex); }
        using (zip)
        {
            var config = ReadConfig(zip, sourceName);
            var expected = ExpectedShapes(config, sourceName);
            string vocabPath = Path.Combine(Path.GetTempPath(), $"fgclep-vocab-{Guid.NewGuid():N}.txt");
            string weightsPath = Path.ChangeExtension(vocabPath, ".safetensors");
            try
            {
                using (var file = File.Create(weightsPath))
                    ZipEntryLimits.CopyTo(Entry(zip, WeightsEntry, sourceName), MaxWeightsBytes, file, sourceName);
                var weightsName = $"{sourceName} (entry {WeightsEntry})";
                CheckShapes(SafetensorsFile.ReadEntries(weightsPath, weightsName), expected, sourceName);
                using (var file = File.Create(vocabPath))
                    ZipEntryLimits.CopyTo(Entry(zip, VocabularyEntry, sourceName), MaxVocabularyBytes, file, sourceName);
                var tokenizer = ReportTokenizer.FromVocabularyFile(vocabPath, config.LowerCase, config.MaxTokens, $"{sourceName} (entry {VocabularyEntry})");
                if (tokenizer.VocabularySize > config.Model.Text.VocabSize)
                    throw new InvalidDataException(
                        $"'{sourceName}': {VocabularyEntry} has {tokenizer.VocabularySize} tokens but the text encoder's vocabulary in {ConfigEntry} has {config.Model.Text.VocabSize}.");
                var network = new ClepModel(config.Model);
                try
                {
                    CopyWeights(network, weightsPath, weightsName);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FgClepFormatException)
                {
                    network.Dispose();
                    throw new InvalidDataException($"Weights in '{sourceName}' do not match its architecture: {ex.Message}", ex);
                }
                network.eval();
                return new ClepEncoder(network, tokenizer, config.Preprocessing);
            }
            finally { File.Delete(vocabPath); File.Delete(weightsPath); }
        }
    }

    /// <summary>The shapes the configured architecture has, refusing sizes out of range before anything is built.</summary>
    private static Dictionary<string, long[]> ExpectedShapes(PackageConfig config, string sourceName)
    {
        if (config.Model?.Ecg is null || config.Model.Text is null || config.Preprocessing is null)
            throw new InvalidDataException($"'{sourceName}': {ConfigEntry} lacks the model or preprocessing settings.");
        if (config.MaxTokens < 2 || config.MaxTokens > config.Model.Text.MaxPositionEmbeddings)
            throw new InvalidDataException(
                $"'{sourceName}': {ConfigEntry} gives MaxTokens {config.MaxTokens}; expected 2 to the text encoder's {config.Model.Text.MaxPositionEmbeddings} positions.");
        try
        {
            return ClepModelShapes.Expected(config.Model);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or OverflowException)
        {
            throw new InvalidDataException($"'{sourceName}': {ConfigEntry} describes an unusable architecture: {ex.Message}", ex);
        }
    }

    /// <summary>Compares the weights' header with the configured architecture, so a lying config fails before the network is built.</summary>
    private static void CheckShapes(IReadOnlyList<SafetensorsFile.Entry> entries, Dictionary<string, long[]> expected, string sourceName)
    {
        var stored = entries.ToDictionary(e => e.Name, e => e.Shape, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !stored.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = stored.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException(
                $"Weights in '{sourceName}' do not match the architecture in its {ConfigEntry}: missing {List(missing)}; unexpected {List(unexpected)}.");
        foreach (var (name, shape) in expected.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!stored[name].SequenceEqual(shape))
                throw new InvalidDataException(
                    $"Weights in '{sourceName}' do not match the architecture in its {ConfigEntry}: '{name}' has shape [{string.Join(", ", stored[name])}] in {WeightsEntry}; the config implies [{string.Join(", ", shape)}].");
        }

        static string List(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", …" : "");
    }

    /// <summary>
    /// Copies every tensor of the file into the network's own parameters and buffers. Copying (rather than
    /// <c>load_state_dict</c>, which may adopt the loaded tensors as buffers) keeps the network independent of the
    /// loaded tensors, which are disposed here.
    /// </summary>
    private static void CopyWeights(ClepModel network, string weightsPath, string weightsName)
    {
        using var scope = torch.NewDisposeScope();
        var weights = SafetensorsFile.Read(weightsPath, weightsName);
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
        var text = ZipEntryLimits.ReadText(Entry(zip, ConfigEntry, sourceName), MaxConfigBytes, sourceName);
        ModelJson.CheckFormatVersion(text, FormatVersion, sourceName, ConfigEntry, "package");
        return JsonSerializer.Deserialize<PackageConfig>(text, ModelJson.Options)
               ?? throw new InvalidDataException($"'{sourceName}' has an empty {ConfigEntry}.");
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, string sourceName) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"'{sourceName}' lacks the entry '{name}'; it is not a complete FgClep model package.");
}
