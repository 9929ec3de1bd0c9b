using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Holds one input column's values for a batch of rows read ahead from a cursor, and serves them again row by row.
/// Vector values are copied both ways, so neither the source cursor nor a consumer can change what another row sees.
/// </summary>
internal abstract class InputColumnBuffer
{
    /// <summary>A buffer of <paramref name="capacity"/> rows for <paramref name="column"/> of <paramref name="source"/>.</summary>
    public static InputColumnBuffer Create(DataViewRowCursor source, DataViewSchema.Column column, int capacity) =>
        (InputColumnBuffer)Activator.CreateInstance(typeof(InputColumnBuffer<>).MakeGenericType(column.Type.RawType), source, column, capacity)!;

    /// <summary>Reads the source cursor's current value into <paramref name="slot"/>.</summary>
    public abstract void Store(int slot);

    /// <summary>A <c>ValueGetter&lt;T&gt;</c> of the value in the slot that <paramref name="slot"/> names when it is called.</summary>
    public abstract Delegate CreateGetter(Func<int> slot);
}

/// <inheritdoc cref="InputColumnBuffer"/>
internal sealed class InputColumnBuffer<T> : InputColumnBuffer
{
    private delegate void Copier(in T source, ref T destination);

    private static readonly Copier Copy = CreateCopier();

    private readonly ValueGetter<T> _source;
    private readonly T[] _values;

    public InputColumnBuffer(DataViewRowCursor source, DataViewSchema.Column column, int capacity)
    {
        _source = source.GetGetter<T>(column);
        _values = new T[capacity];
    }

    public override void Store(int slot) => _source(ref _values[slot]);

    public override Delegate CreateGetter(Func<int> slot) => (ValueGetter<T>)((ref T value) => Copy(in _values[slot()], ref value));

    private static Copier CreateCopier()
    {
        if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            var method = typeof(InputColumnBuffer<T>).GetMethod(nameof(CopyVector), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(typeof(T).GetGenericArguments()[0]);
            return (Copier)Delegate.CreateDelegate(typeof(Copier), method);
        }
        return (in T source, ref T destination) => destination = source;
    }

    private static void CopyVector<TItem>(in VBuffer<TItem> source, ref VBuffer<TItem> destination) => source.CopyTo(ref destination);
}
