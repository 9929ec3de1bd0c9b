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
/// preprocessed signal (lead-major, as <see cref="ClepEncoder.Preprocessor"/> produces it): [batch, leads·samples] with a
/// dynamic batch by default, or one ECG [leads·samples] with <see cref="OnnxExportShape.Row"/>, the shape for ML.NET
/// pipelines (see <see cref="OnnxExportShape"/>). Batch norms are folded into the convolutions with their running (eval)
/// statistics.
/// </summary>
/// <remarks>
/// FgClep.Onnx runs on the CPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime). For CUDA, build with
/// <c>-p:FgClepOnnxRuntime=gpu</c> (Microsoft.ML.OnnxRuntime.Gpu instead; the two must not be referenced together) and
/// pass <c>gpuDeviceId</c> to <see cref="FgClepOnnxCatalogExtensions.ApplyFgClepOnnx"/> or <c>ApplyOnnxModel</c>.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>Name of the graph input: float [batch, leads·samples] ([leads·samples] with <see cref="OnnxExportShape.Row"/>).</summary>
    public const string SignalInput = "Signal";

    /// <summary>Name of the L2-normalised ECG embedding output: float [batch, embedding size] ([embedding size] with <see cref="OnnxExportShape.Row"/>).</summary>
    public const string EmbeddingOutput = "EcgEmbedding";

    /// <summary>Name of the zero-shot probability output: float [batch, classes] ([classes] with <see cref="OnnxExportShape.Row"/>), P = σ(logit) of each class's best prompt.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>Name of the zero-shot logit output: float [batch, classes] ([classes] with <see cref="OnnxExportShape.Row"/>), exp(t')·cos + b of each class's best prompt.</summary>
    public const string LogitOutput = "Logit";

    /// <summary>ONNX opset of the default domain the exported graphs use.</summary>
    public const int Opset = OnnxGraphBuilder.Opset;

    /// <summary>Metadata key holding the model's <see cref="ClepEncoder.Preprocessing"/> options as JSON.</summary>
    public const string PreprocessingMetadataKey = "fgclep.preprocessing";

    /// <summary>Metadata key present on int8 exports: how the encoder was quantized and on how many records.</summary>
    public const string Int8MetadataKey = "fgclep.int8";

    /// <summary>Metadata key holding the zero-shot class names, one per line, in <see cref="ScoreOutput"/> order.</summary>
    public const string ClassesMetadataKey = "fgclep.classes";

    /// <summary>
    /// Exports the ECG encoder, projection and L2 normalisation: <see cref="SignalInput"/> → <see cref="EmbeddingOutput"/>,
    /// equal (to float rounding) to <see cref="ClepEncoder.EmbedSignals"/>.
    /// </summary>
    /// <param name="model">The model; it is not changed.</param>
    /// <param name="path">The .onnx file to write (replaced if present).</param>
    /// <exception cref="InvalidOperationException">The network is not a ResNet1d CLEP model matching its preprocessing.</exception>
    public static void ExportEcgEncoder(ClepEncoder model, string path) => ExportEcgEncoder(model, path, OnnxExportShape.Batch);

    /// <summary>As <see cref="ExportEcgEncoder(ClepEncoder, string)"/>, with the input and output shapes <paramref name="shape"/> says.</summary>
    /// <param name="model">The model; it is not changed.</param>
    /// <param name="path">The .onnx file to write (replaced if present).</param>
    /// <param name="shape"><see cref="OnnxExportShape.Row"/> for ML.NET pipelines (a <c>Vector&lt;Single, width&gt;</c> column),
    /// <see cref="OnnxExportShape.Batch"/> for batched ONNX Runtime calls.</param>
    /// <param name="int8CalibrationSignals">Null for float32. Otherwise the encoder is quantized to int8 (static, QDQ form:
    /// int8 weights per output channel, uint8 activations) with activation ranges measured on these preprocessed signals;
    /// a few hundred records of the data to be scored. See <see cref="Int8MetadataKey"/>.</param>
    /// <exception cref="InvalidOperationException">The network is not a ResNet1d CLEP model matching its preprocessing.</exception>
    /// <exception cref="ArgumentException">A calibration signal has the wrong length or a value that is not finite, or there is none.</exception>
    public static void ExportEcgEncoder(ClepEncoder model, string path, OnnxExportShape shape, IReadOnlyList<float[]>? int8CalibrationSignals = null) =>
        ExportEcgEncoder(model, path, EcgConvLayout.TwoDimensional, shape, int8CalibrationSignals);

    /// <summary>As the public overload, with the convolutions laid out as <paramref name="layout"/> says.</summary>
    internal static void ExportEcgEncoder(ClepEncoder model, string path, EcgConvLayout layout, OnnxExportShape shape = OnnxExportShape.Batch,
        IReadOnlyList<float[]>? int8CalibrationSignals = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var g = new OnnxGraphBuilder("fgclep_ecg_encoder");
        var width = AddEncoder(g, model, Batched(EmbeddingOutput, shape), layout, shape, int8CalibrationSignals);
        AddOutput(g, EmbeddingOutput, width, shape);
        var onnx = g.ToModel($"FgClep ECG encoder{Int8Note(int8CalibrationSignals)}: preprocessed signal {Dims("leads*samples", shape)} -> L2-normalised embedding {Dims("width", shape)}.");
        AddMetadata(onnx, model, null, int8CalibrationSignals);
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
        => ExportZeroShotClassifier(model, classes, ensembleOverLeads, path, OnnxExportShape.Batch);

    /// <summary>
    /// As <see cref="ExportZeroShotClassifier(ClepEncoder, IReadOnlyList{ZeroShotClass}, bool, string)"/>, with the input and
    /// output shapes <paramref name="shape"/> says.
    /// </summary>
    /// <param name="model">The model; it is not changed.</param>
    /// <param name="classes">The classes, in output order, with their prompts.</param>
    /// <param name="ensembleOverLeads">Also score every prompt as "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads.</param>
    /// <param name="path">The .onnx file to write (replaced if present).</param>
    /// <param name="shape"><see cref="OnnxExportShape.Row"/> for ML.NET pipelines (<c>Score</c> a <c>Vector&lt;Single, classes&gt;</c>
    /// column, as <c>ZeroShotEcg</c> gives it), <see cref="OnnxExportShape.Batch"/> for batched ONNX Runtime calls.</param>
    /// <exception cref="ArgumentException">No classes, or an empty prompt.</exception>
    /// <exception cref="InvalidOperationException">The network is not a ResNet1d CLEP model matching its preprocessing.</exception>
    /// <param name="int8CalibrationSignals">Null for float32; otherwise the ECG encoder is quantized to int8 with activation ranges
    /// measured on these preprocessed signals, as in <see cref="ExportEcgEncoder(ClepEncoder, string, OnnxExportShape, IReadOnlyList{float[]})"/>.
    /// The prompt embeddings and the scoring stay float32.</param>
    public static void ExportZeroShotClassifier(ClepEncoder model, IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads, string path,
        OnnxExportShape shape, IReadOnlyList<float[]>? int8CalibrationSignals = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var classifier = new ZeroShotClassifier(model, classes, ensembleOverLeads);
        var g = new OnnxGraphBuilder("fgclep_zero_shot");
        var embedding = Batched(EmbeddingOutput, shape);
        var width = AddEncoder(g, model, embedding, EcgConvLayout.TwoDimensional, shape, int8CalibrationSignals);
        ZeroShotGraph.Emit(g, embedding, width, classifier.PromptEmbeddings, classifier.PromptClasses, classes.Count,
            model.Network.LogitScale.ToSingle(), model.Network.LogitBias.ToSingle(), Batched(LogitOutput, shape), Batched(ScoreOutput, shape));
        AddOutput(g, ScoreOutput, classes.Count, shape);
        AddOutput(g, LogitOutput, classes.Count, shape);
        AddOutput(g, EmbeddingOutput, width, shape);
        var onnx = g.ToModel($"FgClep zero-shot classifier{Int8Note(int8CalibrationSignals)} over {classes.Count} classes" +
                             (ensembleOverLeads ? " (prompts ensembled over the 12 leads)." : "."));
        AddMetadata(onnx, model, classes, int8CalibrationSignals);
        Write(onnx, path);
    }

    private static int AddEncoder(OnnxGraphBuilder g, ClepEncoder model, string output, EcgConvLayout layout, OnnxExportShape shape,
        IReadOnlyList<float[]>? int8CalibrationSignals)
    {
        int leads = model.Preprocessing.Leads.Count, samples = model.Preprocessing.SampleCount;
        var weights = new TorchWeights(model.Network);
        var hook = int8CalibrationSignals is null
            ? null
            : new StaticInt8Quantizer(Int8Calibration.Ranges(weights, leads, samples, int8CalibrationSignals));
        // A Row input reshapes to a batch of one in the encoder's first node, like a Batch input.
        if (shape == OnnxExportShape.Row) g.FixedInput(SignalInput, (long)leads * samples);
        else g.BatchInput(SignalInput, (long)leads * samples);
        return EcgEncoderGraph.Emit(g, weights, SignalInput, leads, samples, output, layout, hook).Width;
    }

    private static string Int8Note(IReadOnlyList<float[]>? calibration) => calibration is null ? "" : " (int8)";

    /// <summary>The name the graph gives the batched tensor behind output <paramref name="name"/>.</summary>
    private static string Batched(string name, OnnxExportShape shape) => shape == OnnxExportShape.Row ? name + "_batch" : name;

    /// <summary>Declares output <paramref name="name"/>; for <see cref="OnnxExportShape.Row"/>, as the batch of one flattened.</summary>
    private static void AddOutput(OnnxGraphBuilder g, string name, long width, OnnxExportShape shape)
    {
        if (shape == OnnxExportShape.Row)
        {
            g.Node("Reshape", [Batched(name, shape), g.Constant("row_shape", [width], 1)], name);
            g.FixedOutput(name, width);
        }
        else g.BatchOutput(name, width);
    }

    private static string Dims(string inner, OnnxExportShape shape) => shape == OnnxExportShape.Row ? $"[{inner}]" : $"[batch, {inner}]";

    private static void AddMetadata(ModelProto onnx, ClepEncoder model, IReadOnlyList<ZeroShotClass>? classes, IReadOnlyList<float[]>? int8CalibrationSignals)
    {
        if (int8CalibrationSignals is not null)
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = Int8MetadataKey, Value = $"static int8 (QDQ), calibrated on {int8CalibrationSignals.Count} records" });
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
