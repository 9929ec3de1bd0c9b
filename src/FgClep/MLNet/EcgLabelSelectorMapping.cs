using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>The row mapping behind <see cref="EcgLabelSelector"/> (an ML.NET CustomMapping sized at run time) and its schema checks.</summary>
internal static class EcgLabelSelectorMapping
{
    private sealed class FloatLabels
    {
        public float[] Labels = Array.Empty<float>();
    }

    private sealed class BooleanLabels
    {
        public bool[] Labels = Array.Empty<bool>();
    }

    private sealed class Selected
    {
        public bool Label;
    }

    private static readonly MLContext SchemaContext = new();

    public static ITransformer Create(EcgLabelSelector selector)
    {
        var output = SchemaDefinition.Create(typeof(Selected));
        output[nameof(Selected.Label)].ColumnName = selector.OutputColumnName;
        int slot = selector.Slot;
        string labels = selector.LabelsColumnName, name = selector.ClassName;
        if (selector.BooleanLabels)
        {
            var input = InputSchema(typeof(BooleanLabels), labels, BooleanDataViewType.Instance, selector.SlotCount);
            return SchemaContext.Transforms.CustomMapping<BooleanLabels, Selected>((src, dst) => dst.Label = src.Labels[slot], contractName: null, input, output)
                .Fit(SchemaContext.Data.LoadFromEnumerable(Array.Empty<BooleanLabels>(), input));
        }
        var floats = InputSchema(typeof(FloatLabels), labels, NumberDataViewType.Single, selector.SlotCount);
        return SchemaContext.Transforms.CustomMapping<FloatLabels, Selected>((src, dst) =>
        {
            float v = src.Labels[slot];
            if (float.IsNaN(v)) throw new InvalidOperationException($"The '{name}' slot of label column '{labels}' is NaN in a row.");
            dst.Label = v > 0.5f;
        }, contractName: null, floats, output).Fit(SchemaContext.Data.LoadFromEnumerable(Array.Empty<FloatLabels>(), floats));
    }

    /// <summary>The output shape of an estimator (shapes carry no vector sizes, so any size describes it).</summary>
    public static SchemaShape OutputShape(SchemaShape input, string labelsColumnName, string outputColumnName, bool boolean)
    {
        var output = SchemaDefinition.Create(typeof(Selected));
        output[nameof(Selected.Label)].ColumnName = outputColumnName;
        return boolean
            ? SchemaContext.Transforms.CustomMapping<BooleanLabels, Selected>((_, _) => { }, null, InputSchema(typeof(BooleanLabels), labelsColumnName, BooleanDataViewType.Instance, 1), output).GetOutputSchema(input)
            : SchemaContext.Transforms.CustomMapping<FloatLabels, Selected>((_, _) => { }, null, InputSchema(typeof(FloatLabels), labelsColumnName, NumberDataViewType.Single, 1), output).GetOutputSchema(input);
    }

    private static SchemaDefinition InputSchema(Type rowType, string column, PrimitiveDataViewType item, int size)
    {
        var input = SchemaDefinition.Create(rowType);
        var labels = input["Labels"];
        labels.ColumnName = column;
        labels.ColumnType = new VectorDataViewType(item, size);
        return input;
    }

    /// <summary>Finds <paramref name="className"/> in the label column: its slot, the vector size and whether it holds Booleans.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing, of the wrong type, without slot names, or without the class (the message lists the classes).</exception>
    public static (int Slot, int Count, bool Boolean) Resolve(DataViewSchema schema, string labelsColumnName, string className)
    {
        var column = schema.GetColumnOrNull(labelsColumnName)
                     ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find labels column '{labelsColumnName}'");
        if (column.Type is not VectorDataViewType { Size: > 0 } vector || !(vector.ItemType == NumberDataViewType.Single || vector.ItemType is BooleanDataViewType))
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for labels column '{labelsColumnName}': expected a known-size vector of Single or Boolean, got {column.Type}");
        if (!column.HasSlotNames())
            throw new ArgumentOutOfRangeException(nameof(schema), $"Labels column '{labelsColumnName}' has no slot names, so class '{className}' cannot be found in it.");
        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.GetSlotNames(ref slots);
        var names = slots.DenseValues().Select(s => s.ToString()).ToArray();
        int slot = Array.IndexOf(names, className);
        if (slot < 0)
            throw new ArgumentOutOfRangeException(nameof(className),
                $"Labels column '{labelsColumnName}' has no class '{className}'; its classes are: {string.Join(", ", names.Select(n => $"'{n}'"))}.");
        return (slot, vector.Size, vector.ItemType is BooleanDataViewType);
    }
}
