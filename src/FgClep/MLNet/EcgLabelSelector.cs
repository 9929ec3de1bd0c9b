using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// Turns one class of a multi-hot label vector (<c>Labels</c> of the ECG loaders) into the Boolean label column an ML.NET
/// binary trainer reads. Made by <see cref="EcgLabelCatalogExtensions.SelectEcgLabel"/>; saved by <c>SaveWithFgClep</c>.
/// </summary>
/// <remarks>A slot counts as positive when it is above 0.5 (Single) or true (Boolean). NaN is refused with the row named.</remarks>
public sealed class EcgLabelSelector : ITransformer
{
    private readonly ITransformer _mapping;

    internal EcgLabelSelector(string labelsColumnName, string className, int slot, int slotCount, bool booleanLabels, string outputColumnName)
    {
        LabelsColumnName = labelsColumnName;
        ClassName = className;
        Slot = slot;
        SlotCount = slotCount;
        BooleanLabels = booleanLabels;
        OutputColumnName = outputColumnName;
        _mapping = EcgLabelSelectorMapping.Create(this);
    }

    /// <summary>The multi-hot label column read.</summary>
    public string LabelsColumnName { get; }

    /// <summary>The class selected (a slot name of <see cref="LabelsColumnName"/>).</summary>
    public string ClassName { get; }

    /// <summary>The index of <see cref="ClassName"/> among the slots.</summary>
    public int Slot { get; }

    /// <summary>The size of the label vector the selector was fitted on.</summary>
    public int SlotCount { get; }

    /// <summary>Whether the label vector holds Booleans (else Single 0/1).</summary>
    public bool BooleanLabels { get; }

    /// <summary>The Boolean column written.</summary>
    public string OutputColumnName { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return _mapping.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input.Schema);
        return _mapping.Transform(input);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return _mapping.GetRowToRowMapper(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET cannot save third-party transformers natively. Save the pipeline with mlContext.Model.SaveWithFgClep(model, schema, path).");

    /// <summary>The label column must have the fitted size and, where it names its slots, the class at the fitted slot.</summary>
    private void Check(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (slot, count, boolean) = EcgLabelSelectorMapping.Resolve(schema, LabelsColumnName, ClassName);
        if (count != SlotCount || boolean != BooleanLabels || slot != Slot)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for labels column '{LabelsColumnName}': the selector was fitted on {SlotCount} {(BooleanLabels ? "Boolean" : "Single")} slots " +
                $"with '{ClassName}' at slot {Slot}; this column has {count} {(boolean ? "Boolean" : "Single")} slots with it at slot {slot}.");
    }
}
