using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>Estimator of <see cref="EcgLabelSelector"/>: finds the class among the label column's slot names (no training).</summary>
public sealed class EcgLabelSelectingEstimator : IEstimator<EcgLabelSelector>
{
    private readonly string _labelsColumnName, _className, _outputColumnName;

    internal EcgLabelSelectingEstimator(string labelsColumnName, string className, string outputColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelsColumnName);
        ArgumentException.ThrowIfNullOrEmpty(className);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        (_labelsColumnName, _className, _outputColumnName) = (labelsColumnName, className, outputColumnName);
    }

    /// <inheritdoc />
    public EcgLabelSelector Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (slot, count, boolean) = EcgLabelSelectorMapping.Resolve(input.Schema, _labelsColumnName, _className);
        return new EcgLabelSelector(_labelsColumnName, _className, slot, count, boolean, _outputColumnName);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var labels = inputSchema.FirstOrDefault(c => c.Name == _labelsColumnName);
        if (labels.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find labels column '{_labelsColumnName}'");
        if (labels.Kind != SchemaShape.Column.VectorKind.Vector || !(labels.ItemType == NumberDataViewType.Single || labels.ItemType is BooleanDataViewType))
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for labels column '{_labelsColumnName}': expected a known-size vector of Single or Boolean, got {labels.Kind} of {labels.ItemType}");
        return EcgLabelSelectorMapping.OutputShape(inputSchema, _labelsColumnName, _outputColumnName, labels.ItemType is BooleanDataViewType);
    }
}
