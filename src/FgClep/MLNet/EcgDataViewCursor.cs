using Microsoft.ML;
using Microsoft.ML.Data;
using FgClep.IO;
using FgClep.Inference;

namespace FgClep.MLNet;

/// <summary>Cursor of <see cref="EcgDataView"/>: pulls one record per <see cref="MoveNext"/>; computes the signal on first read.</summary>
internal sealed class EcgDataViewCursor : DataViewRowCursor
{
    private readonly EcgDataView _view;
    private readonly bool[] _active;
    private readonly IEnumerator<EcgRecord> _records;
    private readonly Func<EcgRecord, float[]> _signalTransform;
    private readonly Dictionary<string, int> _classIndex;
    private EcgRecord? _current;
    private float[]? _signal;
    private long _position = -1;
    private bool _done;

    public EcgDataViewCursor(EcgDataView view, bool[] active, IEnumerator<EcgRecord> records, Func<EcgRecord, float[]> signalTransform)
    {
        _view = view;
        _active = active;
        _records = records;
        _signalTransform = signalTransform;
        _classIndex = (view.ClassNames ?? Array.Empty<string>()).Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

    public override bool MoveNext()
    {
        if (_done) return false;
        _signal = null;
        if (!_records.MoveNext())
        {
            _done = true;
            _current = null;
            _records.Dispose();
            return false;
        }
        _current = _records.Current ?? throw new InvalidOperationException($"The record source yielded null at row {_position + 1}.");
        _position++;
        return true;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter()
        => (ref DataViewRowId value) =>
        {
            EnsureRow();
            value = new DataViewRowId((ulong)_position, 0);
        };

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column) || Schema[column.Index].Name != column.Name)
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; request it when opening the cursor.");
        Delegate getter = column.Name switch
        {
            EcgDataView.SignalColumn => (ValueGetter<VBuffer<float>>)GetSignal,
            EcgDataView.ReportColumn => Text(r => r.Report),
            EcgDataView.RecordIdColumn => Text(r => r.RecordId),
            EcgDataView.SplitColumn => Text(r => r.Split),
            EcgDataView.LabelsColumn => (ValueGetter<VBuffer<float>>)GetLabels,
            _ => throw new InvalidOperationException($"Unknown column '{column.Name}'."),
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException(
                $"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue).Name} was requested.");
    }

    private ValueGetter<ReadOnlyMemory<char>> Text(Func<EcgRecord, string> select)
        => (ref ReadOnlyMemory<char> value) => value = select(EnsureRow()).AsMemory();

    private void GetSignal(ref VBuffer<float> value)
    {
        var record = EnsureRow();
        if (_signal is null)
        {
            var signal = _signalTransform(record);
            if (signal is null || signal.Length != _view.SignalLength)
                throw new InvalidOperationException(
                    $"The signal of record '{record.RecordId}' was turned into {signal?.Length.ToString() ?? "null"} values; the Signal column holds {_view.SignalLength}.");
            _signal = signal;
        }
        var editor = VBufferEditor.Create(ref value, _signal.Length);
        _signal.CopyTo(editor.Values);
        value = editor.Commit();
    }

    private void GetLabels(ref VBuffer<float> value)
    {
        var record = EnsureRow();
        var editor = VBufferEditor.Create(ref value, _classIndex.Count);
        editor.Values.Clear();
        foreach (var label in record.Labels)
        {
            if (_classIndex.TryGetValue(label, out int i)) editor.Values[i] = 1f;
        }
        value = editor.Commit();
    }

    private EcgRecord EnsureRow()
        => _current ?? throw new InvalidOperationException("The cursor is not on a row: call MoveNext() first and check it returned true.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            _records.Dispose();
        }
        base.Dispose(disposing);
    }
}
