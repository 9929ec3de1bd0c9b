using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Transforms;

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
        EcgEmbeddingMapping.CheckSignalColumn(input.Schema, mapper.SignalColumnName, mapper.SignalLength);
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

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded?.Select(c => c.Index).ToHashSet() ?? new HashSet<int>();
        int inputCount = _input.Schema.Count;
        bool mapping = needed.Any(i => i >= inputCount);
        var inputColumns = needed.Where(i => i < inputCount).Select(i => _input.Schema[i]).ToList();
        var signal = _input.Schema[_mapper.SignalColumnName];
        if (mapping && !inputColumns.Any(c => c.Index == signal.Index)) inputColumns.Add(signal);
        var source = _input.GetRowCursor(inputColumns, rand);
        return new SignalBatchCursor(this, source, _mapper, mapping, needed.Where(i => i < inputCount).Select(i => _input.Schema[i]).ToList(), signal);
    }

    // One cursor: batches stay whole and the model runs on one thread.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };
}
