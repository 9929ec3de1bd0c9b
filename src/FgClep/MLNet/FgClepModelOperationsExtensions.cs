using System.IO.Compression;
using System.Text.Json;
using FgClep.IO;
using FgClep.Inference;
using FgClep.Modeling.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Saving and loading whole ML.NET pipelines that contain FgClep transformers, on <c>mlContext.Model</c>: the one save
/// route for embeddings, zero-shot classifiers, label selectors, ML.NET's own transforms and trainers in any order.
/// </summary>
/// <remarks>
/// <para>ML.NET's native saving is internal to ML.NET's assemblies, so <c>mlContext.Model.Save</c> cannot store a
/// third-party transformer. <see cref="SaveWithFgClep"/> splits the chain (nested chains flattened) into runs of ML.NET
/// transformers, each saved by ML.NET as its own model, and FgClep steps, each saved as its versioned package, and writes
/// them into one zip with a manifest (<c>FgClep/pipeline.json</c>). The zip is also a valid ML.NET model whose only step
/// tells a plain <c>mlContext.Model.Load</c> to use <see cref="LoadWithFgClep"/> (ML.NET builds steps by reflection, so
/// that message is the root cause, <c>GetBaseException()</c>, of the <c>TargetInvocationException</c> it throws).</para>
/// <para><see cref="WaveformEnrichmentTransformer"/> is a data-preparation step tied to its proposer (an LLM client or the
/// knowledge base) and is refused: save the enriched data, or the stage-2 model, instead.</para>
/// </remarks>
public static class FgClepModelOperationsExtensions
{
    /// <summary>Version of the manifest written by <see cref="SaveWithFgClep"/>.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "FgClep/pipeline.json";
    private const string InputSchemaEntry = "FgClep/input-schema.zip";
    private const long MaxEntryBytes = 1L << 34;

    /// <summary>
    /// Saves <paramref name="model"/> (any chain of FgClep and ML.NET transformers) and its input schema as one zip,
    /// replacing <paramref name="path"/> atomically.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Model</c>.</param>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline takes (e.g. <c>trainData.Schema</c>).</param>
    /// <param name="path">The zip to write.</param>
    /// <exception cref="NotSupportedException">The pipeline holds a <see cref="WaveformEnrichmentTransformer"/>.</exception>
    /// <exception cref="InvalidOperationException">ML.NET cannot save one of the ML.NET steps (the message names the step).</exception>
    public static void SaveWithFgClep(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var ml = new MLContext();
        var steps = Flatten(model).ToList();

        using var buffer = new MemoryStream();
        // The top of the zip is an ML.NET model of one marker step, so that a plain Load names LoadWithFgClep.
        var marker = ml.Transforms.CustomMapping<FgClepPipelineMarkerFactory.Input, FgClepPipelineMarkerFactory.Output>(
            (_, _) => { }, FgClepPipelineMarkerFactory.ContractName).Fit(ml.Data.LoadFromEnumerable(Array.Empty<FgClepPipelineMarkerFactory.Input>()));
        ml.Model.Save(new TransformerChain<ITransformer>(marker), inputSchema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(InputSchemaEntry, CompressionLevel.Fastest).Open())
                ml.Model.Save(new TransformerChain<ITransformer>(), inputSchema, entry);
            var manifest = new List<SavedStep>();
            var schema = inputSchema;
            var segment = new List<ITransformer>();
            DataViewSchema segmentSchema = schema;
            void FlushSegment()
            {
                if (segment.Count == 0) return;
                string name = $"FgClep/steps/{manifest.Count}.mlnet.zip";
                using (var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open())
                {
                    try { ml.Model.Save(new TransformerChain<ITransformer>(segment.ToArray()), segmentSchema, entry); }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new InvalidOperationException(
                            $"ML.NET cannot save the step{(segment.Count > 1 ? "s" : "")} {string.Join(", ", segment.Select(t => t.GetType().Name))} of this pipeline: {e.Message} " +
                            "(a CustomMapping saves only with a contract name and a registered CustomMappingFactory).", e);
                    }
                }
                manifest.Add(new SavedStep(StepKind.MLNet, name));
                segment.Clear();
            }
            foreach (var step in steps)
            {
                switch (step)
                {
                    case FgClepTransformer embedding:
                        FlushSegment();
                        string modelName = $"FgClep/steps/{manifest.Count}.fgclep";
                        using (var entry = zip.CreateEntry(modelName, CompressionLevel.Fastest).Open()) embedding.Model.Save(entry);
                        manifest.Add(new SavedStep(StepKind.EcgEmbedding, modelName)
                        {
                            SignalColumnName = embedding.SignalColumnName, OutputColumnName = embedding.OutputColumnName,
                            ReportColumnName = embedding.ReportColumnName, TextOutputColumnName = embedding.TextOutputColumnName,
                        });
                        break;
                    case ZeroShotEcgTransformer zeroShot:
                        FlushSegment();
                        string zeroShotName = $"FgClep/steps/{manifest.Count}.zeroshot.zip";
                        using (var entry = zip.CreateEntry(zeroShotName, CompressionLevel.Fastest).Open()) zeroShot.Save(entry);
                        manifest.Add(new SavedStep(StepKind.ZeroShot, zeroShotName));
                        break;
                    case EcgLabelSelector selector:
                        FlushSegment();
                        manifest.Add(new SavedStep(StepKind.LabelSelector, "")
                        {
                            LabelsColumnName = selector.LabelsColumnName, OutputColumnName = selector.OutputColumnName, ClassName = selector.ClassName,
                            Slot = selector.Slot, SlotCount = selector.SlotCount, BooleanLabels = selector.BooleanLabels,
                        });
                        break;
                    case WaveformEnrichmentTransformer:
                        throw new NotSupportedException(
                            "A WaveformEnrichmentTransformer cannot be saved: it is a data-preparation step tied to its proposer. " +
                            "Save the enriched data, or the stage-2 model trained on it, instead.");
                    default:
                        if (segment.Count == 0) segmentSchema = schema;
                        segment.Add(step);
                        break;
                }
                schema = step.GetOutputSchema(schema);
            }
            FlushSegment();
            var document = new SavedPipeline(FormatVersion, $"FgClep {typeof(FgClepModelOperationsExtensions).Assembly.GetName().Version}", manifest.ToArray());
            using var writer = new StreamWriter(zip.CreateEntry(ManifestEntry).Open());
            writer.Write(JsonSerializer.Serialize(document, ModelJson.Options));
        }

        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var file = File.Create(temp))
        {
            buffer.Position = 0;
            buffer.CopyTo(file);
        }
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>
    /// Loads a pipeline written by <see cref="SaveWithFgClep"/>. The returned chain owns the FgClep models it holds: dispose it
    /// (it is a <c>TransformerChain</c>) when done.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Model</c>.</param>
    /// <param name="path">The zip.</param>
    /// <param name="inputSchema">The schema the pipeline takes.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an FgClep pipeline, is damaged, or is of a newer format (the message names the file and entry).</exception>
    public static TransformerChain<ITransformer> LoadWithFgClep(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"FgClep pipeline '{path}' does not exist.", path);
        var ml = new MLContext();
        using var stream = RegularFile.OpenRead(path);
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read); }
        catch (InvalidDataException e) { throw new InvalidDataException($"'{path}' is not an FgClep pipeline (not a zip file).", e); }
        using (zip)
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException(
                $"'{path}' has no '{ManifestEntry}': it was not written by SaveWithFgClep. (A plain ML.NET model loads with mlContext.Model.Load.)");
            var manifest = ReadManifest(ZipEntryLimits.ReadText(manifestEntry, ClepEncoderPackage.MaxConfigBytes, path), path);
            using (var schemaStream = Seekable(zip, InputSchemaEntry, path)) ml.Model.Load(schemaStream, out inputSchema);

            var loaded = new List<ITransformer>();
            try
            {
                foreach (var step in manifest.Steps)
                {
                    if (step.Kind == StepKind.LabelSelector)
                    {
                        loaded.Add(Selector(step, path));
                        continue;
                    }
                    using var entry = Seekable(zip, step.Entry, path);
                    // An ML.NET run comes back as a chain: keep its transformers as steps of the one chain returned.
                    loaded.AddRange(Flatten(step.Kind switch
                    {
                        StepKind.MLNet => ml.Model.Load(entry, out _),
                        StepKind.EcgEmbedding => Embedding(ClepEncoder.Load(entry), step, path),
                        StepKind.ZeroShot => ZeroShotEcgTransformer.Load(entry),
                        _ => throw new InvalidDataException($"'{path}' has a step of unknown kind '{step.Kind}' in {ManifestEntry}."),
                    }));
                }
            }
            catch
            {
                foreach (var t in loaded) (t as IDisposable)?.Dispose();
                throw;
            }
            return new TransformerChain<ITransformer>(loaded.ToArray());
        }
    }

    private static EcgLabelSelector Selector(SavedStep step, string path)
    {
        if (step.LabelsColumnName is null || step.OutputColumnName is null || step.ClassName is null || step.Slot is not int slot
            || step.SlotCount is not int count || slot < 0 || slot >= count)
            throw new InvalidDataException($"'{path}': a label-selector step in {ManifestEntry} lacks its columns, class or a valid slot.");
        return new EcgLabelSelector(step.LabelsColumnName, step.ClassName, slot, count, step.BooleanLabels ?? false, step.OutputColumnName);
    }

    private static FgClepTransformer Embedding(ClepEncoder model, SavedStep step, string path)
    {
        if (step.SignalColumnName is null || step.OutputColumnName is null)
        {
            model.Dispose();
            throw new InvalidDataException($"'{path}': the embedding step '{step.Entry}' names no signal or output column in {ManifestEntry}.");
        }
        return step.ReportColumnName is null
            ? new FgClepTransformer(model, step.SignalColumnName, step.OutputColumnName)
            : new FgClepTransformer(model, step.SignalColumnName, step.OutputColumnName, step.ReportColumnName, step.TextOutputColumnName ?? "TextEmbedding");
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { transformer };

    private static MemoryStream Seekable(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"'{path}' lacks the entry '{name}'; it is not a complete FgClep pipeline.");
        var buffer = new MemoryStream();
        ZipEntryLimits.CopyTo(entry, MaxEntryBytes, buffer, path);
        buffer.Position = 0;
        return buffer;
    }

    private static SavedPipeline ReadManifest(string text, string path)
    {
        try
        {
            ModelJson.CheckFormatVersion(text, FormatVersion, path, ManifestEntry, "FgClep pipeline");
            var manifest = JsonSerializer.Deserialize<SavedPipeline>(text, ModelJson.Options);
            if (manifest?.Steps is null || manifest.Steps.Any(s => s is null || (s.Kind != StepKind.LabelSelector && string.IsNullOrEmpty(s.Entry))))
                throw new InvalidDataException($"'{path}' lists no steps, or a step without an entry, in {ManifestEntry}.");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has a malformed {ManifestEntry}: {e.Message}", e);
        }
    }

    private enum StepKind
    {
        MLNet,
        EcgEmbedding,
        ZeroShot,
        LabelSelector,
    }

    private sealed record SavedStep(StepKind Kind, string Entry)
    {
        public string? SignalColumnName { get; init; }
        public string? OutputColumnName { get; init; }
        public string? ReportColumnName { get; init; }
        public string? TextOutputColumnName { get; init; }
        public string? LabelsColumnName { get; init; }
        public string? ClassName { get; init; }
        public int? Slot { get; init; }
        public int? SlotCount { get; init; }
        public bool? BooleanLabels { get; init; }
    }

    private sealed record SavedPipeline(int FormatVersion, string Library, SavedStep[] Steps);
}
