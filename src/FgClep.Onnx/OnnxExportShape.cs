namespace FgClep.Onnx;

/// <summary>The tensor shapes an exported ONNX model declares for its input and outputs.</summary>
public enum OnnxExportShape
{
    /// <summary>
    /// A free batch dimension first: <see cref="OnnxExporter.SignalInput"/> [batch, leads·samples], outputs
    /// [batch, width]. For ONNX Runtime callers that score many ECGs per call. ML.NET's OnnxTransformer, which scores one row
    /// at a time, reads these outputs as <c>Vector&lt;Single, 1, width&gt;</c>.
    /// </summary>
    Batch,

    /// <summary>
    /// One ECG per call: <see cref="OnnxExporter.SignalInput"/> [leads·samples], outputs [width]. ML.NET's OnnxTransformer
    /// then gives <c>Vector&lt;Single, width&gt;</c> columns, the types FgClep's own <c>EmbedEcg</c> and <c>ZeroShotEcg</c>
    /// columns have, so ML.NET trainers and evaluators read them as they are.
    /// </summary>
    Row,
}
