using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>The cursor of <see cref="SignalBatchDataView"/>: reads <see cref="SignalBatchMapper.BatchSize"/> rows ahead, maps them, serves them.</summary>
internal sealed class SignalBatchCursor : DataViewRowCursor
{
    private readonly SignalBatchDataView _view;
    private readonly DataViewRowCursor _source;
    private readonly SignalBatchMapper _mapper;
    private readonly bool _mapping;
    private readonly Dictionary<int, InputColumnBuffer> _inputs = new();
    private readonly ValueGetter<VBuffer<float>>? _signal;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _text;
    private readonly ValueGetter<DataViewRowId> _sourceId;
    private readonly DataViewRowId[] _ids;
    private readonly int _capacity;
    private Array[] _outputs = Array.Empty<Array>();
    private int _filled, _slot = -1;
    private long _position = -1;
    private bool _done;

    public SignalBatchCursor(SignalBatchDataView view, DataViewRowCursor source, SignalBatchMapper mapper, bool mapping,
        IReadOnlyList<DataViewSchema.Column> inputColumns, DataViewSchema.Column signal)
    {
        _view = view;
        _source = source;
        _mapper = mapper;
        _mapping = mapping;
        _capacity = Math.Max(1, mapper.BatchSize);
        foreach (var column in inputColumns) _inputs[column.Index] = InputColumnBuffer.Create(source, column, _capacity);
        if (mapping)
        {
            _signal = source.GetGetter<VBuffer<float>>(signal);
            _text = mapper.TextGetter(source);
        }
        _sourceId = source.GetIdGetter();
        _ids = new DataViewRowId[_capacity];
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index >= _source.Schema.Count ? _mapping : _inputs.ContainsKey(column.Index);

    public override bool MoveNext()
    {
        if (_done) return false;
        if (_slot + 1 < _filled)
        {
            _slot++;
            _position++;
            return true;
        }
        if (!Fill())
        {
            _done = true;
            return false;
        }
        _slot = 0;
        _position++;
        return true;
    }

    private bool Fill()
    {
        var signals = new List<float[]>(_capacity);
        var texts = _text is null ? null : new List<string>(_capacity);
        VBuffer<float> value = default;
        ReadOnlyMemory<char> text = default;
        int n = 0;
        while (n < _capacity && _source.MoveNext())
        {
            foreach (var buffer in _inputs.Values) buffer.Store(n);
            _sourceId(ref _ids[n]);
            if (_signal is not null) signals.Add(SignalBatchMapper.ReadSignal(_signal, ref value));
            if (_text is not null)
            {
                _text(ref text);
                texts!.Add(text.ToString());
            }
            n++;
        }
        _filled = n;
        if (n == 0) return false;
        if (_mapping) _outputs = _mapper.Map(signals, texts);
        return true;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[CurrentSlot()];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column)) throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        int inputCount = _source.Schema.Count;
        if (column.Index < inputCount)
            return _inputs[column.Index].CreateGetter(CurrentSlot) as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType}, not {typeof(TValue)}.");
        return OutputGetter(column, () => (_outputs, CurrentSlot()), column.Index - inputCount) as ValueGetter<TValue>
               ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType}, not {typeof(TValue)}.");
    }

    /// <summary>
    /// The getter of added column <paramref name="k"/>: <paramref name="current"/> gives the mapped arrays and the row's slot
    /// in them when the getter is called.
    /// </summary>
    internal static Delegate OutputGetter(DataViewSchema.Column column, Func<(Array[] Outputs, int Slot)> current, int k) => column.Type switch
    {
        VectorDataViewType { ItemType: NumberDataViewType } => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var (outputs, slot) = current();
            Vector(((float[][])outputs[k])[slot], ref v);
        }),
        VectorDataViewType { ItemType: BooleanDataViewType } => (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> v) =>
        {
            var (outputs, slot) = current();
            Vector(((bool[][])outputs[k])[slot], ref v);
        }),
        VectorDataViewType { ItemType: TextDataViewType } => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> v) =>
        {
            var (outputs, slot) = current();
            Vector(Array.ConvertAll(((string[][])outputs[k])[slot], t => t.AsMemory()), ref v);
        }),
        KeyDataViewType => (ValueGetter<uint>)((ref uint v) =>
        {
            var (outputs, slot) = current();
            v = ((uint[])outputs[k])[slot];
        }),
        _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) =>
        {
            var (outputs, slot) = current();
            v = ((string[])outputs[k])[slot].AsMemory();
        }),
    };

    private int CurrentSlot() => _slot >= 0 && _slot < _filled && !_done
        ? _slot
        : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");

    private static void Vector<T>(T[] values, ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, values.Length);
        values.AsSpan().CopyTo(editor.Values);
        destination = editor.Commit();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source.Dispose();
        base.Dispose(disposing);
    }
}
