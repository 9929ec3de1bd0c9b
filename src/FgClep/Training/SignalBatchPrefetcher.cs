namespace FgClep.Training;

/// <summary>
/// Reads the signals of the next batch on a background thread while the current step computes, so a trainer reading
/// from disk (<see cref="ClepTrainingData.FromCache"/>) does not wait for it. A batch is named by its epoch order, start
/// and size; asking for any other batch than the one read ahead reads it at once.
/// </summary>
internal sealed class SignalBatchPrefetcher : IDisposable
{
    private readonly ClepTrainingData _data;
    private Task<float[]>? _pending;
    private (int[] Order, int Start, int Size) _pendingBatch;

    public SignalBatchPrefetcher(ClepTrainingData data)
    {
        _data = data;
    }

    /// <summary>The signals of pairs <c>order[start .. start + size)</c>, [size × leads × samples].</summary>
    public float[] Take(int[] order, int start, int size)
    {
        if (_pending is { } pending && ReferenceEquals(_pendingBatch.Order, order) && _pendingBatch.Start == start && _pendingBatch.Size == size)
        {
            _pending = null;
            return pending.GetAwaiter().GetResult();
        }
        Drain();
        return Read(order, start, size);
    }

    /// <summary>Starts reading the batch <c>order[start .. start + size)</c> in the background.</summary>
    public void ReadAhead(int[] order, int start, int size)
    {
        Drain();
        _pendingBatch = (order, start, size);
        _pending = Task.Run(() => Read(order, start, size));
    }

    /// <summary>Waits for a read in flight, so nothing reads the data after its owner closes it.</summary>
    public void Dispose() => Drain();

    private void Drain()
    {
        if (_pending is not { } pending) return;
        _pending = null;
        try { pending.Wait(); }
        catch (AggregateException) { } // the batch is no longer wanted; an error in it reappears when it is read again
    }

    private float[] Read(int[] order, int start, int size) => Read(_data, order, start, size);

    /// <summary>The signals of pairs <c>order[start .. start + size)</c> of <paramref name="data"/>, read now.</summary>
    public static float[] Read(ClepTrainingData data, int[] order, int start, int size)
    {
        int per = data.LeadCount * data.SampleCount;
        var buffer = new float[size * per];
        for (int i = 0; i < size; i++) data.CopySignal(order[start + i], buffer.AsSpan(i * per, per));
        return buffer;
    }
}
