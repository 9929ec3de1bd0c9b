using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Datasets;
using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.MLNet;

/// <summary>
/// A streaming <see cref="IDataView"/> over an <see cref="IEcgRecordSource"/>: every cursor starts a new pass over the
/// source and reads records one at a time, so the corpus is never held in memory. The signal is preprocessed only when
/// the <see cref="SignalColumn"/> is active and its value is read.
/// </summary>
/// <remarks>
/// Columns: <see cref="SignalColumn"/> (known-size vector of Single, leads × samples), <see cref="ReportColumn"/>,
/// <see cref="RecordIdColumn"/> and <see cref="SplitColumn"/> (text), and, when a class list is given,
/// <see cref="LabelsColumn"/> (known-size vector of Single, 1 where the record has the class, else 0; slot names = class names).
/// Record labels outside the class list are ignored. The view cannot shuffle.
/// </remarks>
public sealed class EcgDataView : IDataView
{
    /// <summary>Name of the preprocessed signal column.</summary>
    public const string SignalColumn = "Signal";

    /// <summary>Name of the report text column.</summary>
    public const string ReportColumn = "Report";

    /// <summary>Name of the record id column.</summary>
    public const string RecordIdColumn = "RecordId";

    /// <summary>Name of the split column (<c>train</c>, <c>validation</c>, <c>test</c> or empty).</summary>
    public const string SplitColumn = "Split";

    /// <summary>Name of the multi-hot label column.</summary>
    public const string LabelsColumn = "Labels";

    private readonly Func<EcgRecord, float[]> _signalTransform;

    /// <summary>Creates a view whose signals are preprocessed by <paramref name="preprocessor"/>.</summary>
    /// <param name="source">The records.</param>
    /// <param name="preprocessor">Turns each record into the model input.</param>
    /// <param name="classNames">The classes of the <see cref="LabelsColumn"/>; null for no label column.</param>
    public EcgDataView(IEcgRecordSource source, EcgPreprocessor preprocessor, IReadOnlyList<string>? classNames = null)
        : this(source, (preprocessor ?? throw new ArgumentNullException(nameof(preprocessor))).Process, preprocessor.OutputLength, classNames)
    {
        Preprocessor = preprocessor;
    }

    /// <summary>Creates a view whose signals are produced by <paramref name="signalTransform"/>.</summary>
    /// <param name="source">The records.</param>
    /// <param name="signalTransform">Turns a record into exactly <paramref name="signalLength"/> floats.</param>
    /// <param name="signalLength">Length of the <see cref="SignalColumn"/> vector.</param>
    /// <param name="classNames">The classes of the <see cref="LabelsColumn"/>; null for no label column.</param>
    public EcgDataView(IEcgRecordSource source, Func<EcgRecord, float[]> signalTransform, int signalLength, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(signalTransform);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signalLength);
        if (classNames is not null)
        {
            if (classNames.Count == 0) throw new ArgumentException("The class list is empty.", nameof(classNames));
            var duplicate = classNames.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new ArgumentException($"Class '{duplicate.Key}' is listed twice.", nameof(classNames));
        }
        Source = source;
        _signalTransform = signalTransform;
        SignalLength = signalLength;
        ClassNames = classNames?.ToArray();
        Schema = BuildSchema(signalLength, ClassNames);
    }

    /// <summary>The record source.</summary>
    public IEcgRecordSource Source { get; }

    /// <summary>The preprocessor, or null when the view was built with a custom signal transform.</summary>
    public EcgPreprocessor? Preprocessor { get; }

    /// <summary>Length of the signal vector.</summary>
    public int SignalLength { get; }

    /// <summary>The classes of the label column, or null when there is none.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Always false: records stream in source order.</summary>
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <summary>The source's record count, or null when unknown.</summary>
    public long? GetRowCount() => Source.Count;

    /// <summary>Opens a cursor that reads the source from the start; only <paramref name="columnsNeeded"/> are computed.</summary>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded)
        {
            if (column.Index < 0 || column.Index >= Schema.Count || Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"Column '{column.Name}' is not a column of this view.", nameof(columnsNeeded));
            active[column.Index] = true;
        }
        return new EcgDataViewCursor(this, active, Source.GetRecords().GetEnumerator(), _signalTransform);
    }

    /// <summary>Returns a single cursor (the source is read sequentially).</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private static DataViewSchema BuildSchema(int signalLength, IReadOnlyList<string>? classNames)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(SignalColumn, new VectorDataViewType(NumberDataViewType.Single, signalLength));
        builder.AddColumn(ReportColumn, TextDataViewType.Instance);
        builder.AddColumn(RecordIdColumn, TextDataViewType.Instance);
        builder.AddColumn(SplitColumn, TextDataViewType.Instance);
        if (classNames is not null)
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            var names = classNames.Select(c => c.AsMemory()).ToArray();
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> getSlotNames =
                (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(names.Length, (ReadOnlyMemory<char>[])names.Clone());
            // "SlotNames" is ML.NET's standard annotation kind for vector slot names.
            annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Length), getSlotNames);
            builder.AddColumn(LabelsColumn, new VectorDataViewType(NumberDataViewType.Single, classNames.Count), annotations.ToAnnotations());
        }
        return builder.ToSchema();
    }
}
