using System.Text.Json;
using FgClep.Datasets;
using FgClep.Inference;
using FgClep.Modeling.Ecg;
using Onnx;
using TorchSharp;

namespace FgClep.Onnx;

/// <summary>
/// Writes a trained <see cref="ClepEncoder"/>'s ECG side as a self-contained ONNX model (opset 17) that ML.NET's
/// OnnxTransformer or ONNX Runtime score without TorchSharp. The input <see cref="SignalInput"/> is a flat,
/// preprocessed signal [batch, leads·samples] (lead-major, as <see cref="ClepEncoder.Preprocessor"/> produces it); the
/// batch dimension is dynamic. Batch norms are folded into the convolutions with their running (eval) statistics.
/// </summary>
/// <remarks>
/// FgClep.Onnx runs on the CPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime). For CUDA, build with
/// <c>-p:FgClepOnnxRuntime=gpu</c> (Microsoft.ML.OnnxRuntime.Gpu instead; the two must not be referenced together) and
/// pass <c>gpuDeviceId</c> to <see cref="FgClepOnnxCatalogExtensions.ApplyFgClepOnnx"/> or <c>ApplyOnnxModel</c>.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>Name of the graph input: float [batch, leads·samples].</summary>
    public const string SignalInput = "Signal";

    /// <summary>Name of the L2-normalised ECG embedding output: float [batch, embedding size].</summary>
    public const string EmbeddingOutput = "EcgEmbedding";

    /// <summary>Name of the zero-shot probability output: float [batch, classes], P = σ(logit) of each class's best prompt.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>Name of the zero-shot logit output: float [batch, classes], exp(t')·cos + b of each class's best prompt.</summary>
    public const string LogitOutput = "Logit";

    /// <summary>ONNX opset of the default domain the exported graphs use.</summary>
    public const int Opset = OnnxGraphBuilder.Opset;

    /// <summary>Metadata key holding the model's <see cref="ClepEncoder.Preprocessing"/> options as JSON.</summary>
    public const string PreprocessingMetadataKey = "fgclep.preprocessing";

    /// <summary>Metadata key holding the zero-shot class names, one per line, in <see cref="ScoreOutput"/> order.</summary>
    public const string ClassesMetadataKey = "fgclep.classes";

    /// <summary>
    /// Exports the ECG encoder, projection and L2 normalisation: <see cref="SignalInput"/> → <see cref="EmbeddingOutput"/>,
    /// equal (to float rounding) to <see cref="ClepEncoder.EmbedSignals"/>.
    /// </summary>
    /// <param name="model">The model; it is not changed.</param>
    /// <param name="path">The .onnx file to write (replaced if present).</param>
    /// <exception cref="InvalidOperationException">The network is not a ResNet1d CLEP model matching its preprocessing.</exception>
    public static void ExportEcgEncoder(ClepEncoder model, string path) => ExportEcgEncoder(model, path, EcgConvLayout.TwoDimensional);

    /// <summary>As the public overload, with the convolutions laid out as <paramref name="layout"/> says.</summary>
    internal static void ExportEcgEncoder(ClepEncoder model, string path, EcgConvLayout layout)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var g = new OnnxGraphBuilder("fgclep_ecg_encoder");
        var width = AddEncoder(g, model, EmbeddingOutput, layout);
        g.BatchOutput(EmbeddingOutput, width);
        var onnx = g.ToModel("FgClep ECG encoder: preprocessed signal [batch, leads*samples] -> L2-normalised embedding.");
        AddMetadata(onnx, model, null);
        Write(onnx, path);
    }

    /// <summary>
    /// Exports a whole zero-shot classifier: the ECG encoder plus the class prompts' text embeddings (computed now with
    /// <paramref name="model"/>, expanded exactly as <see cref="ZeroShotClassifier"/> does) as constants.
    /// Outputs <see cref="ScoreOutput"/> and <see cref="LogitOutput"/> [batch, classes], equal (to float rounding) to
    /// <see cref="ZeroShotClassifier.Score"/> and <see cref="ZeroShotClassifier.ScoreLogits"/>, and <see cref="EmbeddingOutput"/>.
    /// </summary>
    /// <param name="model">The model; it is not changed.</param>
    /// <param name="classes">The classes, in output order, with their prompts.</param>
    /// <param name="ensembleOverLeads">Also score every prompt as "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads.</param>
    /// <param name="path">The .onnx file to write (replaced if present).</param>
    /// <exception cref="ArgumentException">No classes, or an empty prompt.</exception>
    /// <exception cref="InvalidOperationException">The network is not a ResNet1d CLEP model matching its preprocessing.</exception>
    public static void ExportZeroShotClassifier(ClepEncoder model, IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var classifier = new ZeroShotClassifier(model, classes, ensembleOverLeads);
        var g = new OnnxGraphBuilder("fgclep_zero_shot");
        var width = AddEncoder(g, model, EmbeddingOutput, EcgConvLayout.TwoDimensional);
        ZeroShotGraph.Emit(g, EmbeddingOutput, width, classifier.PromptEmbeddings, classifier.PromptClasses, classes.Count,
            model.Network.LogitScale.ToSingle(), model.Network.LogitBias.ToSingle(), LogitOutput, ScoreOutput);
        g.BatchOutput(ScoreOutput, classes.Count);
        g.BatchOutput(LogitOutput, classes.Count);
        g.BatchOutput(EmbeddingOutput, width);
        var onnx = g.ToModel($"FgClep zero-shot classifier over {classes.Count} classes" +
                             (ensembleOverLeads ? " (prompts ensembled over the 12 leads)." : "."));
        AddMetadata(onnx, model, classes);
        Write(onnx, path);
    }

    private static int AddEncoder(OnnxGraphBuilder g, ClepEncoder model, string output, EcgConvLayout layout)
    {
        int leads = model.Preprocessing.Leads.Count, samples = model.Preprocessing.SampleCount;
        g.BatchInput(SignalInput, (long)leads * samples);
        var weights = new TorchWeights(model.Network);
        return EcgEncoderGraph.Emit(g, weights, SignalInput, leads, samples, output, layout).Width;
    }

    private static void AddMetadata(ModelProto onnx, ClepEncoder model, IReadOnlyList<ZeroShotClass>? classes)
    {
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = PreprocessingMetadataKey, Value = JsonSerializer.Serialize(model.Preprocessing) });
        if (classes is not null)
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = ClassesMetadataKey, Value = string.Join('\n', classes.Select(c => c.Name)) });
    }

    private static void Write(ModelProto onnx, string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        onnx.WriteToFile(temp);
        File.Move(temp, full, overwrite: true);
    }
}
