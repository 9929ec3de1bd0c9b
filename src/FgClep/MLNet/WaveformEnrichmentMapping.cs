using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// The enrichment columns' schema for <see cref="WaveformEnrichmentEstimator.GetOutputSchema"/>, the input checks and the
/// row key of <see cref="WaveformEnrichmentTransformer"/>.
/// </summary>
internal static class WaveformEnrichmentMapping
{
    internal sealed class InputRow
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
    }

    internal sealed class OutputRow
    {
        public string FineGrainedReport = "";
        public string[] VerifiedFeatures = Array.Empty<string>();
        public string[] CandidateFeatures = Array.Empty<string>();
    }

    private static readonly MLContext SchemaContext = new();

    /// <summary>
    /// A CustomMapping with the transformer's columns that never runs: the estimator reports its output <c>SchemaShape</c>
    /// through it (<c>SchemaShape.Column</c> has no public constructor). The transformer maps through
    /// <see cref="WaveformEnrichmentBatchMapper"/>, whose columns tests compare with this shape.
    /// </summary>
    public static IEstimator<ITransformer> SchemaOnly(WaveformEnrichmentOptions options, int signalLength)
    {
        var output = SchemaDefinition.Create(typeof(OutputRow));
        // The indexer looks up by column name, so take every column before renaming any.
        var report = output[nameof(OutputRow.FineGrainedReport)];
        var verified = output[nameof(OutputRow.VerifiedFeatures)];
        var candidates = output[nameof(OutputRow.CandidateFeatures)];
        report.ColumnName = options.OutputColumnName;
        verified.ColumnName = options.VerifiedFeaturesColumnName;
        candidates.ColumnName = options.CandidateFeaturesColumnName;
        Action<InputRow, OutputRow> map = (_, _) => throw new InvalidOperationException("This mapping only describes the schema; fit the estimator first.");
        return SchemaContext.Transforms.CustomMapping(map, contractName: null, InputSchema(options, signalLength), output);
    }

    private static SchemaDefinition InputSchema(WaveformEnrichmentOptions options, int signalLength)
    {
        var input = SchemaDefinition.Create(typeof(InputRow));
        var signal = input[nameof(InputRow.Signal)];
        var report = input[nameof(InputRow.Report)];
        signal.ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalLength);
        signal.ColumnName = options.SignalColumnName;
        report.ColumnName = options.ReportColumnName;
        return input;
    }

    /// <summary>Checks the signal (known-size Single vector of <paramref name="signalLength"/>) and report (text) columns.</summary>
    public static void CheckInput(DataViewSchema schema, WaveformEnrichmentOptions options, int signalLength)
    {
        ArgumentNullException.ThrowIfNull(schema);
        SignalColumn.Check(schema, options.SignalColumnName, signalLength);
        var report = schema.GetColumnOrNull(options.ReportColumnName)
                     ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find report column '{options.ReportColumnName}'");
        if (report.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for report column '{options.ReportColumnName}': expected String, got {report.Type}");
    }

    /// <summary>The same checks on an estimator's schema shape (which does not carry vector sizes).</summary>
    public static void CheckInput(SchemaShape shape, WaveformEnrichmentOptions options, int signalLength)
    {
        var signal = shape.FirstOrDefault(c => c.Name == options.SignalColumnName);
        if (signal.Name is null) throw new ArgumentOutOfRangeException(nameof(shape), $"Could not find signal column '{options.SignalColumnName}'");
        if (signal.Kind != SchemaShape.Column.VectorKind.Vector || signal.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Schema mismatch for signal column '{options.SignalColumnName}': expected Vector<Single, {signalLength}>, got {signal.Kind} of {signal.ItemType}");
        var report = shape.FirstOrDefault(c => c.Name == options.ReportColumnName);
        if (report.Name is null) throw new ArgumentOutOfRangeException(nameof(shape), $"Could not find report column '{options.ReportColumnName}'");
        if (report.Kind != SchemaShape.Column.VectorKind.Scalar || report.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Schema mismatch for report column '{options.ReportColumnName}': expected String, got {report.Kind} of {report.ItemType}");
    }

    /// <summary>
    /// Identifies a row by content: the first 128 bits of SHA-256 over the report's UTF-16 text, its length and the
    /// signal's bytes. Rows seen by Fit are found again in any data view that holds the same report and signal.
    /// </summary>
    public static UInt128 RowKey(ReadOnlySpan<float> signal, string report)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, report.Length);
        hash.AppendData(length);
        hash.AppendData(MemoryMarshal.AsBytes(report.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(signal));
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
