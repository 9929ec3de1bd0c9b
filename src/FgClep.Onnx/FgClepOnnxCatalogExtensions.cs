using Microsoft.ML;
using Onnx;

namespace FgClep.Onnx;

/// <summary>Scoring of exported FgClep ONNX models on <c>mlContext.Transforms</c>.</summary>
public static class FgClepOnnxCatalogExtensions
{
    /// <summary>
    /// Scores a model written by <see cref="OnnxExporter"/> with ML.NET's OnnxTransformer: reads the float vector column
    /// <paramref name="signalColumnName"/> (a preprocessed signal of leads·samples values) and adds one column per ONNX
    /// output (<see cref="OnnxExporter.EmbeddingOutput"/>; for a zero-shot classifier also <see cref="OnnxExporter.ScoreOutput"/>
    /// and <see cref="OnnxExporter.LogitOutput"/>). The fitted pipeline saves with <c>mlContext.Model.Save</c>, the ONNX
    /// model inside the zip, and loads and scores without FgClep.
    /// This is <c>mlContext.Transforms.ApplyOnnxModel</c> with the exported model's column names filled in. The columns are
    /// <c>Vector&lt;Single, width&gt;</c> for a model exported with <see cref="OnnxExportShape.Row"/> (the types of FgClep's
    /// own transforms, which ML.NET trainers and evaluators read) and <c>Vector&lt;Single, 1, width&gt;</c> for one exported
    /// with <see cref="OnnxExportShape.Batch"/>: ML.NET reads a free batch dimension as 1.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="onnxPath">The exported .onnx file.</param>
    /// <param name="signalColumnName">Input column; copied to <see cref="OnnxExporter.SignalInput"/> when named differently.</param>
    /// <param name="outputColumnNames">The ONNX outputs to add as columns; null for all of them.</param>
    /// <param name="gpuDeviceId">CUDA device to run on (needs the Microsoft.ML.OnnxRuntime.Gpu build); null for the CPU.</param>
    /// <param name="fallbackToCpu">Use the CPU when the GPU cannot be used instead of failing.</param>
    /// <exception cref="FileNotFoundException">The ONNX file does not exist.</exception>
    /// <exception cref="ArgumentException">The file has no <see cref="OnnxExporter.SignalInput"/> input, or a requested output is missing.</exception>
    public static IEstimator<ITransformer> ApplyFgClepOnnx(this TransformsCatalog catalog, string onnxPath,
        string signalColumnName = OnnxExporter.SignalInput, IReadOnlyList<string>? outputColumnNames = null,
        int? gpuDeviceId = null, bool fallbackToCpu = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(signalColumnName);
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"ONNX model '{onnxPath}' does not exist.", onnxPath);

        var graph = ModelProto.Parser.ParseFromFile(onnxPath).Graph;
        if (graph.Input.All(i => i.Name != OnnxExporter.SignalInput))
            throw new ArgumentException($"ONNX model '{onnxPath}' has no input '{OnnxExporter.SignalInput}'; found {string.Join(", ", graph.Input.Select(i => i.Name))}.", nameof(onnxPath));
        var available = graph.Output.Select(o => o.Name).ToArray();
        var outputs = outputColumnNames?.ToArray() ?? available;
        var missing = outputs.Except(available, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"ONNX model '{onnxPath}' has no output {string.Join(", ", missing)}; it has {string.Join(", ", available)}.", nameof(outputColumnNames));

        var score = catalog.ApplyOnnxModel(outputs, [OnnxExporter.SignalInput], onnxPath, gpuDeviceId, fallbackToCpu);
        return signalColumnName == OnnxExporter.SignalInput
            ? score
            : catalog.CopyColumns(OnnxExporter.SignalInput, signalColumnName).Append(score);
    }
}
