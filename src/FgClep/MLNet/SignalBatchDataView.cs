using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Inference;

namespace FgClep.MLNet;

/// <summary>
/// The input data view with the columns of a <see cref="SignalBatchMapper"/> added. Its cursor reads a batch of rows ahead,
/// maps their signals in one model call and then serves the rows one by one, input columns included; the mapping runs only
/// when an added column is requested. It is lazy like any ML.NET transform, and one cursor at a time runs the model.
/// </summary>
internal sealed class SignalBatchDataView : IDataView
{
    private readonly IDataView _input;
    private readonly SignalBatchMapper _mapper;

    public SignalBatchDataView(IDataView input, SignalBatchMapper mapper)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _mapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        SignalColumn.Check(input.Schema, mapper.SignalColumnName, mapper.SignalLength);
        Schema = OutputSchema(input.Schema, mapper);
    }

    /// <summary>The input schema followed by the mapper's columns (an added column hides an input column of the same name).</summary>
    public static DataViewSchema OutputSchema(DataViewSchema input, SignalBatchMapper mapper)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var column in mapper.Outputs) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    /// <summary>
    /// Of the output columns <paramref name="needed"/>, the input columns asked for, whether an added column is asked for, and
    /// the input columns to read: those asked for, plus the signal (and the mapper's text column) when an added column is.
    /// </summary>
    internal static (List<DataViewSchema.Column> Requested, bool Mapping, List<DataViewSchema.Column> ToRead) Dependencies(
        DataViewSchema input, SignalBatchMapper mapper, IEnumerable<DataViewSchema.Column>? needed)
    {
        var indices = needed?.Select(c => c.Index).ToHashSet() ?? new HashSet<int>();
        var requested = indices.Where(i => i < input.Count).Select(i => input[i]).ToList();
        bool mapping = indices.Any(i => i >= input.Count);
        var toRead = new List<DataViewSchema.Column>(requested);
        if (mapping)
        {
            var mapped = new[] { mapper.SignalColumnName, mapper.TextColumnName }.OfType<string>().Select(name => input[name]);
            toRead.AddRange(mapped.Where(column => !toRead.Any(c => c.Index == column.Index)));
        }
        return (requested, mapping, toRead);
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (requested, mapping, toRead) = Dependencies(_input.Schema, _mapper, columnsNeeded);
        var source = _input.GetRowCursor(toRead, rand);
        return new SignalBatchCursor(this, source, _mapper, mapping, requested, _input.Schema[_mapper.SignalColumnName]);
    }

    // One cursor: batches stay whole and the model runs on one thread.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };
}
