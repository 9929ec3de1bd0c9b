using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.MLNet;

/// <summary>
/// A trivial estimator (no training) for zero-shot ECG classification with a trained CLEP / FG-CLEP model: Fit returns a
/// <see cref="ZeroShotEcgTransformer"/> over a copy of the model, with the class prompts embedded once.
/// </summary>
/// <remarks>
/// Input: the signal column (known-size Single vector, leads × samples of the model's preprocessing). Output: the score
/// column (Single vector, one probability per class), the predicted-labels column (Boolean vector, multi-label by
/// threshold) and the predicted-label column (text, the most probable class); both vectors carry the class names as slot names.
/// </remarks>
public sealed class ZeroShotEcgEstimator : IEstimator<ZeroShotEcgTransformer>
{
    private readonly ClepEncoder _model;
    private readonly ZeroShotEcgOptions _options;

    /// <summary>Creates the estimator over <paramref name="model"/> (not owned: each Fit works on its own copy).</summary>
    /// <exception cref="ArgumentException">The options are invalid (no classes, duplicate class names, clashing column names).</exception>
    public ZeroShotEcgEstimator(ClepEncoder model, ZeroShotEcgOptions options)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    private int SignalLength => _model.Preprocessing.Leads.Count * _model.Preprocessing.SampleCount;

    /// <inheritdoc />
    public ZeroShotEcgTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SignalColumn.Check(input.Schema, _options.SignalColumnName, SignalLength);
        var model = _model.Clone();
        try { return new ZeroShotEcgTransformer(model, _options); }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var signal = inputSchema.FirstOrDefault(c => c.Name == _options.SignalColumnName);
        if (signal.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find signal column '{_options.SignalColumnName}'");
        if (signal.Kind != SchemaShape.Column.VectorKind.Vector || signal.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for signal column '{_options.SignalColumnName}': expected known-size vector of Single ({SignalLength}), got {signal.Kind} of {signal.ItemType}");
        return ZeroShotEcgMapping.OutputShape(_options, SignalLength, inputSchema);
    }
}
