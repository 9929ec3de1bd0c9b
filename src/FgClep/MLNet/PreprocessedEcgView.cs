using FgClep.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// An in-memory data view over <see cref="PreprocessedEcg"/>s with the loaders' columns (<see cref="EcgDataView"/>):
/// Signal, Report, RecordId, Split and, with a class list, Labels (slot names = class names).
/// </summary>
internal static class PreprocessedEcgView
{
    private class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
        public string RecordId = "";
        public string Split = "";
    }

    private sealed class LabelledRow : Row
    {
        public float[] Labels = Array.Empty<float>();
    }

    public static IDataView Create(DataOperationsCatalog data, IReadOnlyList<PreprocessedEcg> records, int signalLength,
        IReadOnlyList<string>? classNames, StringComparer? labelComparer)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signalLength);
        for (int i = 0; i < records.Count; i++)
            if (records[i] is null || records[i].Input is null)
                throw new ArgumentException($"Row {i} has no record or no signal.", nameof(records));
            else if (records[i].Input.Length != signalLength)
                throw new ArgumentException(
                    $"Record '{records[i].RecordId}' (row {i}) has a signal of {records[i].Input.Length} values; the view expects {signalLength}.", nameof(records));
        if (classNames is { Count: 0 }) throw new ArgumentException("The class list is empty.", nameof(classNames));

        if (classNames is null)
        {
            var plain = SchemaDefinition.Create(typeof(Row));
            plain[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalLength);
            return data.LoadFromEnumerable(records.Select(r => Fill(new Row(), r)), plain);
        }
        var schema = SchemaDefinition.Create(typeof(LabelledRow));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalLength);
        var labels = schema[nameof(LabelledRow.Labels)];
        labels.ColumnType = new VectorDataViewType(NumberDataViewType.Single, classNames.Count);
        var slotNames = new VBuffer<ReadOnlyMemory<char>>(classNames.Count, classNames.Select(c => c.AsMemory()).ToArray());
        labels.AddAnnotation("SlotNames", slotNames, new VectorDataViewType(TextDataViewType.Instance, classNames.Count));
        return data.LoadFromEnumerable(
            records.Select(r => Fill(new LabelledRow { Labels = MultiHotLabels.Row(r.Labels, classNames, labelComparer) }, r)), schema);
    }

    private static T Fill<T>(T row, PreprocessedEcg record) where T : Row
    {
        row.Signal = record.Input;
        row.Report = record.Report;
        row.RecordId = record.RecordId;
        row.Split = record.Split;
        return row;
    }
}
