using System.IO.Compression;
using System.Text.Json;
using FgClep.Datasets;
using FgClep.IO;
using FgClep.Inference;
using FgClep.Modeling.Serialization;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>
/// Zero-shot ECG classification as an ML.NET transformer: for every row, the signal's embedding is scored against the
/// class prompts (embedded once, at construction) with P = σ(exp(t')·cos + b), the best prompt per class.
/// </summary>
/// <remarks>
/// <para>Output columns (names in <see cref="Options"/>): <c>Score</c>, a known-size Single vector with one probability
/// per class; <c>PredictedLabels</c>, a known-size Boolean vector, true where the probability is at least
/// <see cref="ZeroShotEcgOptions.Threshold"/> (the multi-label prediction; it may be all false); <c>PredictedLabel</c>,
/// the class with the highest score, as a key whose values are the class names (ML.NET's multiclass convention:
/// <c>MulticlassClassification.Evaluate</c> reads it, <c>Conversion.MapKeyToValue</c> gives the name). Both vectors carry the
/// class names as slot names.
/// <c>mlContext.MulticlassClassification.EvaluateMultiLabel(scored, "Labels")</c> gives per-class and macro AUROC and AUPRC
/// against a multi-hot label column.</para>
/// <para>For rank metrics (AUROC) on many records, embed once and use <see cref="Classifier"/>'s logits: σ saturates in
/// float32 and can tie scores that the logits still order.</para>
/// <para>ML.NET's native model saving is internal to ML.NET, so <c>mlContext.Model.Save</c> cannot store this transformer.
/// A pipeline that holds it saves with <c>mlContext.Model.SaveWithFgClep</c> (<see cref="FgClepModelOperationsExtensions"/>);
/// on its own, <see cref="Save(string)"/> writes one zip with the FgClep model package and the classes and options, and
/// <see cref="Load(string)"/> reads it back.</para>
/// </remarks>
public sealed class ZeroShotEcgTransformer : ITransformer, IDisposable
{
    /// <summary>Version of the zip written by <see cref="Save(Stream)"/>.</summary>
    public const int FormatVersion = 1;

    // *** Zip layout ***
    // zeroshot.json      SavedConfig: format version, library, classes (name, prompts), ensemble flag, columns, threshold
    // model.fgclep       the ClepEncoder package (ClepEncoder.Save)
    private const string ConfigEntry = "zeroshot.json", ModelEntry = "model.fgclep";

    private readonly ZeroShotBatchMapper _mapper;

    /// <summary>Wraps <paramref name="model"/> (the transformer owns and disposes it) and embeds the class prompts.</summary>
    /// <exception cref="ArgumentException">The options are invalid (no classes, duplicate class names, empty prompt, clashing columns).</exception>
    public ZeroShotEcgTransformer(ClepEncoder model, ZeroShotEcgOptions options)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        SignalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        Classifier = new ZeroShotClassifier(model, options.Classes, options.EnsembleOverLeads);
        _mapper = new ZeroShotBatchMapper(model, Classifier, options);
    }

    /// <summary>The model (network, tokenizer, preprocessing).</summary>
    public ClepEncoder Model { get; }

    /// <summary>The classes, columns and threshold.</summary>
    public ZeroShotEcgOptions Options { get; }

    /// <summary>The classifier with the embedded prompts, for batched scoring and logits.</summary>
    public ZeroShotClassifier Classifier { get; }

    /// <summary>The class names, in slot order.</summary>
    public IReadOnlyList<string> ClassNames => Options.Classes.Select(c => c.Name).ToArray();

    /// <summary>Length of the signal vector: leads × samples of the model's preprocessing.</summary>
    public int SignalLength { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SignalColumn.Check(inputSchema, Options.SignalColumnName, SignalLength);
        return SignalBatchDataView.OutputSchema(inputSchema, _mapper);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SignalColumn.Check(input.Schema, Options.SignalColumnName, SignalLength);
        // Batched: the ECGs of a batch are embedded in one model call; the row mapper below scores one row at a time.
        return new SignalBatchDataView(input, _mapper);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new SignalBatchRowMapper(inputSchema, _mapper);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively. Save the pipeline with mlContext.Model.SaveWithFgClep(model, schema, path) " +
        "and load it with mlContext.Model.LoadWithFgClep(path, out schema), or the classifier alone with ZeroShotEcgTransformer.Save(path).");

    /// <summary>Saves the model, the classes and the options as one zip.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var stream = File.Create(temp)) Save(stream);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Saves the model, the classes and the options as one zip to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var config = new SavedConfig(FormatVersion, $"FgClep {typeof(ZeroShotEcgTransformer).Assembly.GetName().Version}",
            Options.Classes.Select(c => new SavedClass(c.Name, c.Prompts.ToArray())).ToArray(), Options.EnsembleOverLeads,
            Options.SignalColumnName, Options.ScoreColumnName, Options.PredictedLabelsColumnName, Options.PredictedLabelColumnName, Options.Threshold);
        using (var w = new StreamWriter(zip.CreateEntry(ConfigEntry).Open()))
            w.Write(JsonSerializer.Serialize(config, ModelJson.Options));
        using var entry = zip.CreateEntry(ModelEntry, CompressionLevel.Fastest).Open();
        Model.Save(entry);
    }

    /// <summary>Loads a transformer written by <see cref="Save(string)"/>; the prompts are embedded again with the loaded model.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a complete zero-shot package or is of a newer format.</exception>
    public static ZeroShotEcgTransformer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Zero-shot package '{path}' does not exist.", path);
        using var stream = RegularFile.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Loads a transformer from a seekable stream written by <see cref="Save(Stream)"/>.</summary>
    public static ZeroShotEcgTransformer Load(Stream stream) => Load(stream ?? throw new ArgumentNullException(nameof(stream)), "stream");

    private static ZeroShotEcgTransformer Load(Stream stream, string sourceName)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { throw new InvalidDataException($"'{sourceName}' is not a zero-shot package (not a zip file).", ex); }
        using (zip)
        {
            var config = ReadConfig(zip, sourceName);
            using var buffer = new MemoryStream();
            ZipEntryLimits.CopyTo(Entry(zip, ModelEntry, sourceName), Array.MaxLength, buffer, sourceName);
            buffer.Position = 0;
            var model = ClepEncoder.Load(buffer);
            try
            {
                return new ZeroShotEcgTransformer(model, new ZeroShotEcgOptions
                {
                    Classes = config.Classes.Select(c => new ZeroShotClass(c.Name, c.Prompts ?? Array.Empty<string>())).ToArray(),
                    EnsembleOverLeads = config.EnsembleOverLeads,
                    SignalColumnName = config.SignalColumnName,
                    ScoreColumnName = config.ScoreColumnName,
                    PredictedLabelsColumnName = config.PredictedLabelsColumnName,
                    PredictedLabelColumnName = config.PredictedLabelColumnName,
                    Threshold = config.Threshold,
                });
            }
            catch (ArgumentException ex)
            {
                model.Dispose();
                throw new InvalidDataException($"'{sourceName}' has invalid zero-shot settings in {ConfigEntry}: {ex.Message}", ex);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
    }

    private static SavedConfig ReadConfig(ZipArchive zip, string sourceName)
    {
        var text = ZipEntryLimits.ReadText(Entry(zip, ConfigEntry, sourceName), ClepEncoderPackage.MaxConfigBytes, sourceName);
        try
        {
            ModelJson.CheckFormatVersion(text, FormatVersion, sourceName, ConfigEntry, "zero-shot package");
            var config = JsonSerializer.Deserialize<SavedConfig>(text, ModelJson.Options);
            if (config?.Classes is null) throw new InvalidDataException($"'{sourceName}' lists no classes in {ConfigEntry}.");
            return config;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{sourceName}' has a malformed {ConfigEntry}: {ex.Message}", ex);
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, string sourceName) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"'{sourceName}' lacks the entry '{name}'; it is not a complete zero-shot package.");

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();

    private sealed record SavedClass(string Name, string[]? Prompts);

    private sealed record SavedConfig(
        int FormatVersion, string Library, SavedClass[] Classes, bool EnsembleOverLeads, string SignalColumnName,
        string ScoreColumnName, string PredictedLabelsColumnName, string PredictedLabelColumnName, float Threshold);
}
