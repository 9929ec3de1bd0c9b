using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.Inference;

namespace FgClep.MLNet;

/// <summary>
/// The row-by-row form of <see cref="SignalBatchDataView"/> (for <c>PredictionEngine</c> and other row mappers): the same
/// <see cref="SignalBatchMapper"/>, called with one signal per input row, so a transformer scores alike through both paths.
/// </summary>
internal sealed class SignalBatchRowMapper : IRowToRowMapper
{
    private readonly SignalBatchMapper _mapper;

    public SignalBatchRowMapper(DataViewSchema inputSchema, SignalBatchMapper mapper)
    {
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
        _mapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        SignalColumn.Check(inputSchema, mapper.SignalColumnName, mapper.SignalLength);
        OutputSchema = SignalBatchDataView.OutputSchema(inputSchema, mapper);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        SignalBatchDataView.Dependencies(InputSchema, _mapper, dependingColumns).ToRead;

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(this, input ?? throw new ArgumentNullException(nameof(input)), activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class Row : DataViewRow
    {
        private readonly SignalBatchRowMapper _parent;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly ValueGetter<VBuffer<float>>? _signal;
        private readonly ValueGetter<ReadOnlyMemory<char>>? _text;
        private long _mappedPosition = -1;
        private Array[] _outputs = Array.Empty<Array>();

        public Row(SignalBatchRowMapper parent, DataViewRow input, HashSet<int> active)
        {
            _parent = parent;
            _input = input;
            _active = active;
            if (active.Any(i => i >= parent.InputSchema.Count))
            {
                _signal = input.GetGetter<VBuffer<float>>(input.Schema[parent._mapper.SignalColumnName]);
                _text = parent._mapper.TextGetter(input);
            }
        }

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _parent.InputSchema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = _parent.InputSchema.Count;
            if (column.Index < inputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            if (!_active.Contains(column.Index)) throw new InvalidOperationException($"Column '{column.Name}' is not active in this row.");
            int k = column.Index - inputCount;
            return SignalBatchCursor.OutputGetter(column, () => (Current(), 0), k) as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType}, not {typeof(TValue)}.");
        }

        private Array[] Current()
        {
            if (_mappedPosition != _input.Position || _outputs.Length == 0)
            {
                VBuffer<float> value = default;
                ReadOnlyMemory<char> text = default;
                _text?.Invoke(ref text);
                _outputs = _parent._mapper.Map(new[] { SignalBatchMapper.ReadSignal(_signal!, ref value) },
                    _text is null ? null : new[] { text.ToString() });
                _mappedPosition = _input.Position;
            }
            return _outputs;
        }
    }
}
