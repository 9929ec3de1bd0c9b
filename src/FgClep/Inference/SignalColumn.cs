using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Inference;

/// <summary>The schema rule for an ECG signal column: a known-size <c>Single</c> vector of leads × samples.</summary>
internal static class SignalColumn
{
    /// <summary>Checks that <paramref name="schema"/> has the signal column as a known-size Single vector of the expected length.</summary>
    public static void Check(DataViewSchema schema, string signalColumn, int signalLength)
    {
        var column = schema.GetColumnOrNull(signalColumn)
                     ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find signal column '{signalColumn}'");
        if (column.Type is not VectorDataViewType { ItemType: var item, Size: var size } || item != NumberDataViewType.Single || size != signalLength)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for signal column '{signalColumn}': expected Vector<Single, {signalLength}>, got {column.Type}");
    }
}
