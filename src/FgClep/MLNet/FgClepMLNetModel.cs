using System.IO.Compression;
using FgClep.IO;
using FgClep.Inference;
using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>
/// The <c>mlContext.Model.Save</c>/<c>Load</c> compatibility route: the ECG embedding as an ML.NET CustomMapping with a
/// fixed contract name, saved in a standard ML.NET model zip with the FgClep package as an extra entry.
/// Only models of the default shape (12 × 1000 signal, 256-d embedding) fit it, because CustomMapping column sizes are static.
/// </summary>
public static class FgClepMLNetModel
{
    /// <summary>Contract name of the embedding mapping.</summary>
    public const string EmbeddingContractName = "FgClep.EcgEmbedding.v1";

    /// <summary>Signal length of the savable mapping (12 leads × 1000 samples).</summary>
    public const int DefaultSignalLength = 12 * 1000;

    /// <summary>Embedding size of the savable mapping.</summary>
    public const int DefaultEmbeddingSize = 256;

    private const string PackageEntry = "FgClep/model.fgclep";

    /// <summary>
    /// An ML.NET-savable estimator (CustomMapping) that adds <c>EcgEmbedding</c> from <c>Signal</c> with <paramref name="model"/>.
    /// Append trainers to it as usual; save the fitted chain with <see cref="Save"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The model's shape is not the default one.</exception>
    [Obsolete("Save and load whole pipelines with mlContext.Model.SaveWithFgClep / LoadWithFgClep (any shape, zero-shot and ML.NET steps included).")]
    public static IEstimator<ITransformer> EmbeddingEstimator(MLContext mlContext, ClepEncoder model)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        CheckShape(model);
        return mlContext.Transforms.CustomMapping(Mapping(model), EmbeddingContractName);
    }

    /// <summary>Saves <paramref name="transformer"/> (a chain that contains <see cref="EmbeddingEstimator"/>'s mapping) as an ML.NET zip with the FgClep weights inside.</summary>
    [Obsolete("Save and load whole pipelines with mlContext.Model.SaveWithFgClep / LoadWithFgClep (any shape, zero-shot and ML.NET steps included).")]
    public static void Save(MLContext mlContext, ITransformer transformer, DataViewSchema inputSchema, ClepEncoder model, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        mlContext.Model.Save(transformer, inputSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        using var entry = zip.CreateEntry(PackageEntry, CompressionLevel.Fastest).Open();
        model.Save(entry);
    }

    /// <summary>
    /// Loads a zip written by <see cref="Save"/>: opens the FgClep weights, then lets ML.NET load the chain with them.
    /// The returned model owns the FgClep network; dispose <paramref name="fgClepModel"/> when done.
    /// </summary>
    [Obsolete("Save and load whole pipelines with mlContext.Model.SaveWithFgClep / LoadWithFgClep (any shape, zero-shot and ML.NET steps included).")]
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema, out ClepEncoder fgClepModel)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (!File.Exists(path)) throw new FileNotFoundException($"ML.NET model '{path}' does not exist.", path);
        RegularFile.Check(path);
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry(PackageEntry)
                        ?? throw new InvalidDataException($"'{path}' has no FgClep weights ('{PackageEntry}'); it was not saved with FgClepMLNetModel.Save.");
            using var buffer = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(buffer);
            buffer.Position = 0;
            fgClepModel = ClepEncoder.Load(buffer);
        }
        mlContext.ComponentCatalog.RegisterAssembly(typeof(EcgEmbeddingMappingFactory).Assembly);
        EcgEmbeddingMappingFactory.LoadingModel.Value = fgClepModel;
        try { return mlContext.Model.Load(path, out inputSchema); }
        finally { EcgEmbeddingMappingFactory.LoadingModel.Value = null; }
    }

    internal static Action<EcgSignalInput, EcgEmbeddingOutput> Mapping(ClepEncoder model)
    {
        CheckShape(model);
        return (src, dst) => dst.EcgEmbedding = model.EmbedSignals(new[] { src.Signal })[0];
    }

    private static void CheckShape(ClepEncoder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int length = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        if (length != DefaultSignalLength || model.EmbeddingSize != DefaultEmbeddingSize)
            throw new NotSupportedException(
                $"The mlContext.Model.Save route needs the default shape (signal {DefaultSignalLength}, embedding {DefaultEmbeddingSize}); this model has signal {length} and embedding {model.EmbeddingSize}. " +
                "Save it with ClepEncoder.Save instead.");
    }
}
