using System.Text.Json;
using FgClep.Datasets.Cache;
using FgClep.Inference;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace FgClep.MLNet;

/// <summary>
/// Pre-trains CLEP (stage 1) or FG-CLEP (stage 2, with <see cref="FgClepPretrainOptions.InitialModel"/>) on a data view with a
/// preprocessed signal column and a report column, and returns a <see cref="FgClepTransformer"/> that adds ECG embeddings.
/// </summary>
/// <remarks>
/// Input: <c>Signal</c> (known-size Single vector, leads × samples of <see cref="FgClepPretrainOptions.Preprocessing"/>),
/// <c>Report</c> (text). Output: <c>EcgEmbedding</c> (Single vector of the projection size). Rows with empty reports are
/// skipped and counted. The pairs are held in memory for shuffled batching, or, with
/// <see cref="FgClepPretrainOptions.TrainingCacheDirectory"/>, written to an on-disk cache and read back batch by batch.
/// </remarks>
public sealed class FgClepPretrainEstimator : IEstimator<FgClepTransformer>
{
    private readonly FgClepPretrainOptions _options;

    /// <summary>Creates the estimator.</summary>
    public FgClepPretrainEstimator(FgClepPretrainOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Rows skipped by the last <see cref="Fit"/> because their report was empty.</summary>
    public int SkippedEmptyReports { get; private set; }

    /// <summary>Pairs the last <see cref="Fit"/> trained on (rows with an empty report left out).</summary>
    public int TrainingPairs { get; private set; }

    /// <summary>True when the last <see cref="Fit"/> used a complete <see cref="FgClepPretrainOptions.TrainingCacheDirectory"/> as it was, without reading the input's signals.</summary>
    public bool ReusedTrainingCache { get; private set; }

    /// <summary>Per-step losses of the last <see cref="Fit"/>.</summary>
    public IReadOnlyList<double> Losses { get; private set; } = Array.Empty<double>();

    /// <summary>Per-epoch validation results of the run of the last <see cref="Fit"/>, those before a resume included (empty without <see cref="FgClepPretrainOptions.ValidationData"/>).</summary>
    public IReadOnlyList<ValidationResult> Validation { get; private set; } = Array.Empty<ValidationResult>();

    /// <summary>Per-step losses of the whole run of the last <see cref="Fit"/>, the steps before a resume included.</summary>
    public IReadOnlyList<TrainingStepLoss> LossHistory { get; private set; } = Array.Empty<TrainingStepLoss>();

    /// <summary>The checkpoint step the last <see cref="Fit"/> resumed from, or null when it started from scratch.</summary>
    public int? ResumedFromStep { get; private set; }

    /// <summary>Optimiser steps of the run done after the last <see cref="Fit"/>.</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>Optimiser steps of the whole run (all epochs) of the last <see cref="Fit"/>.</summary>
    public int TotalSteps { get; private set; }

    private EcgPreprocessorOptionsView Preprocessing => new(_options.InitialModel?.Model.Preprocessing ?? _options.Preprocessing);

    private int EmbeddingSize => _options.InitialModel?.Model.EmbeddingSize ?? _options.Model.ProjectionSize;

    /// <inheritdoc />
    public FgClepTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pre = Preprocessing;
        SignalColumn.Check(input.Schema, _options.SignalColumnName, pre.SignalLength);
        CheckReportColumn(input.Schema);

        int skipped = 0;
        ReusedTrainingCache = false;
        using var cache = _options.TrainingCacheDirectory is { } cacheDirectory ? WritePairs(input, pre, cacheDirectory, out skipped) : null;
        var data = cache is not null ? ClepTrainingData.FromCache(cache) : ReadPairs(input, pre, out skipped);
        SkippedEmptyReports = skipped;
        TrainingPairs = data.Count;
        ClepValidationSet? validation = null;
        if (_options.ValidationData is { } validationView)
        {
            SignalColumn.Check(validationView.Schema, _options.SignalColumnName, pre.SignalLength);
            CheckReportColumn(validationView.Schema);
            validation = ReadValidation(validationView, pre);
        }
        if (data.Count < 2)
            throw new InvalidOperationException($"Pre-training needs at least 2 rows with a signal and a non-empty '{_options.ReportColumnName}'; got {data.Count} (skipped {SkippedEmptyReports} empty reports).");

        ClepEncoder model = _options.InitialModel is not null ? _options.InitialModel.Model.Clone() : CreateModel(data);
        try
        {
            var training = ResolveTraining(_options);
            if (training.TextEncoderTraining == TextEncoderTraining.Frozen && _options.InitialModel is null
                && _options.PretrainedTextEncoder is null && _options.TextEncoderPath is null)
                (_options.Log ?? (m => System.Diagnostics.Trace.TraceWarning(m)))(
                    "TextEncoderTraining is Frozen but the text encoder is randomly initialised: reports are encoded by random weights that never learn.");
            var trainer = new ClepTrainer(model.Network, model.Tokenizer, training);
            Losses = trainer.Train(data, _options.Progress, _options.CancellationToken, validation);
            Validation = trainer.ValidationHistory.ToArray();
            LossHistory = trainer.LossHistory.ToArray();
            ResumedFromStep = trainer.ResumedFromStep;
            CompletedSteps = trainer.CompletedSteps;
            TotalSteps = trainer.TotalSteps;
            return _options.TextOutputColumnName is { } textOutput
                ? new FgClepTransformer(model, _options.SignalColumnName, _options.OutputColumnName, _options.ReportColumnName, textOutput)
                : new FgClepTransformer(model, _options.SignalColumnName, _options.OutputColumnName);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The trainer options with <see cref="ClepTrainerOptions.TextEncoderTraining"/> decided: the options' own choice (or the legacy
    /// <c>FreezeTextLayers</c>), else <see cref="TextEncoderTraining.Frozen"/> for a <see cref="FgClepPretrainOptions.PretrainedTextEncoder"/>
    /// and <see cref="TextEncoderTraining.FineTune"/> for anything else.
    /// </summary>
    internal static ClepTrainerOptions ResolveTraining(FgClepPretrainOptions options)
    {
        var training = options.Training;
#pragma warning disable CS0618 // an explicit legacy setting wins over the default
        if (training.TextEncoderTraining is not null || training.FreezeTextLayers > 0) return training;
#pragma warning restore CS0618
        bool pretrained = options.InitialModel is null && options.PretrainedTextEncoder is not null;
        return training with { TextEncoderTraining = pretrained ? TextEncoderTraining.Frozen : TextEncoderTraining.FineTune };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var pre = Preprocessing;
        var signal = inputSchema.FirstOrDefault(c => c.Name == _options.SignalColumnName);
        if (signal.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find signal column '{_options.SignalColumnName}'");
        if (signal.Kind != SchemaShape.Column.VectorKind.Vector || signal.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for signal column '{_options.SignalColumnName}': expected known-size vector of Single ({pre.SignalLength}), got {signal.Kind} of {signal.ItemType}");
        var report = inputSchema.FirstOrDefault(c => c.Name == _options.ReportColumnName);
        if (report.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find report column '{_options.ReportColumnName}'");
        if (report.Kind != SchemaShape.Column.VectorKind.Scalar || report.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for report column '{_options.ReportColumnName}': expected String, got {report.Kind} of {report.ItemType}");
        // The output column shape comes from ML.NET's own CustomMapping (SchemaShape.Column has no public constructor).
        var output = EcgEmbeddingMapping.Create(_options.SignalColumnName, pre.SignalLength, _options.OutputColumnName, EmbeddingSize, model: null)
            .GetOutputSchema(inputSchema);
        return _options.TextOutputColumnName is { } textOutput
            ? EcgEmbeddingMapping.CreateText(_options.ReportColumnName, textOutput, EmbeddingSize, model: null).GetOutputSchema(output)
            : output;
    }

    private void CheckReportColumn(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(_options.ReportColumnName)
                     ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find report column '{_options.ReportColumnName}'");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for report column '{_options.ReportColumnName}': expected String, got {column.Type}");
    }

    private ClepTrainingData ReadPairs(IDataView input, EcgPreprocessorOptionsView pre, out int skipped, List<float[]>? labels = null, DataViewSchema.Column? labelColumn = null)
    {
        var signalColumn = input.Schema[_options.SignalColumnName];
        var reportColumn = input.Schema[_options.ReportColumnName];
        var data = new ClepTrainingData(pre.Leads, pre.Samples);
        skipped = 0;
        var columns = labelColumn is { } lc ? new[] { signalColumn, reportColumn, lc } : new[] { signalColumn, reportColumn };
        using var cursor = input.GetRowCursor(columns);
        var getSignal = cursor.GetGetter<VBuffer<float>>(signalColumn);
        var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(reportColumn);
        var getLabels = labelColumn is { } l ? cursor.GetGetter<VBuffer<float>>(l) : null;
        VBuffer<float> signal = default, label = default;
        ReadOnlyMemory<char> report = default;
        while (cursor.MoveNext())
        {
            _options.CancellationToken.ThrowIfCancellationRequested();
            getReport(ref report);
            var text = report.ToString().Trim();
            if (text.Length == 0) { skipped++; continue; }
            getSignal(ref signal);
            data.Add(signal.DenseValues().ToArray(), text, $"row {cursor.Position}");
            if (getLabels is not null) { getLabels(ref label); labels!.Add(label.DenseValues().ToArray()); }
        }
        return data;
    }

    /// <summary>
    /// Writes the input's pairs into the cache in <paramref name="directory"/> (resuming an interrupted write, or keeping a
    /// complete cache as it is, when <see cref="FgClepPretrainOptions.TrainingCacheKey"/> matches) and opens it.
    /// </summary>
    private EcgShardCache WritePairs(IDataView input, EcgPreprocessorOptionsView pre, string directory, out int skipped)
    {
        string key = EcgShardCache.KeyOf(nameof(FgClepPretrainEstimator), _options.TrainingCacheKey ?? Guid.NewGuid().ToString("N"),
            _options.SignalColumnName, _options.ReportColumnName, JsonSerializer.Serialize(pre.Options, ModelJson.Options));
        skipped = 0;
        using (var writer = EcgShardCacheWriter.Open(directory, key, pre.Leads, pre.Samples))
        {
            ReusedTrainingCache = writer.IsComplete;
            if (!writer.IsComplete)
            {
                var signalColumn = input.Schema[_options.SignalColumnName];
                var reportColumn = input.Schema[_options.ReportColumnName];
                // Records are named by the loaders' RecordId column when there is one, else by row.
                var idColumn = input.Schema.GetColumnOrNull(EcgDataView.RecordIdColumn) is { Type: TextDataViewType } ids ? ids : (DataViewSchema.Column?)null;
                using var cursor = input.GetRowCursor(idColumn is { } c ? new[] { signalColumn, reportColumn, c } : new[] { signalColumn, reportColumn });
                var getSignal = cursor.GetGetter<VBuffer<float>>(signalColumn);
                var getReport = cursor.GetGetter<ReadOnlyMemory<char>>(reportColumn);
                var getId = idColumn is { } idc ? cursor.GetGetter<ReadOnlyMemory<char>>(idc) : null;
                VBuffer<float> signal = default;
                ReadOnlyMemory<char> report = default, id = default;
                int resumed = writer.ResumedRecords;
                while (cursor.MoveNext())
                {
                    _options.CancellationToken.ThrowIfCancellationRequested();
                    getReport(ref report);
                    var text = report.ToString().Trim();
                    if (text.Length == 0) { skipped++; continue; }
                    // The sealed shards of an interrupted write hold the first non-empty rows: their signals are not read again.
                    if (resumed > 0) { resumed--; continue; }
                    getSignal(ref signal);
                    getId?.Invoke(ref id);
                    writer.Append(signal.IsDense ? signal.GetValues() : signal.DenseValues().ToArray(), text,
                        getId is null ? $"row {cursor.Position}" : id.ToString());
                    _options.CacheProgress?.Report(writer.Count);
                }
                if (resumed > 0)
                    throw new InvalidOperationException($"The ECG cache '{writer.Directory}' holds {writer.ResumedRecords} pairs from an interrupted write, " +
                        $"but the input has only {writer.ResumedRecords - resumed} rows with a report under the same TrainingCacheKey; give the data its own key or delete the folder.");
                writer.Complete();
            }
        }
        return EcgShardCache.Open(directory, key);
    }

    private ClepValidationSet ReadValidation(IDataView view, EcgPreprocessorOptionsView pre)
    {
        var labelColumn = view.Schema.GetColumnOrNull(_options.ValidationLabelsColumnName);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        if (labelColumn is { } c && (c.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } || n != NumberDataViewType.Single
                                     || c.Annotations.Schema.GetColumnOrNull("SlotNames") is null))
            throw new ArgumentOutOfRangeException(nameof(view),
                $"Schema mismatch for validation labels column '{_options.ValidationLabelsColumnName}': expected a known-size Single vector with slot names (the class names), got {c.Type}");
        if (labelColumn is null)
            return new ClepValidationSet(ReadPairs(view, pre, out _));
        labelColumn.Value.Annotations.GetValue("SlotNames", ref slotNames);
        var classes = slotNames.DenseValues().Select(m => m.ToString()).ToArray();
        var rows = new List<float[]>();
        var pairs = ReadPairs(view, pre, out _, rows, labelColumn);
        return new ClepValidationSet(pairs, classes, rows.SelectMany(r => r).ToArray());
    }

    private ClepEncoder CreateModel(ClepTrainingData data)
    {
        var text = new TextEncoderSource(_options.TextEncoderPath, _options.PretrainedTextEncoder, _options.TextEncoderCacheDirectory,
            _options.VocabularyPath, _options.LowerCase, _options.MaxTokens);
        var (network, tokenizer) = ClepModelFactory.Create(_options.Model, data.LeadCount, text,
            () => Enumerable.Range(0, data.Count).Select(data.Report), _options.Training.Seed, _options.Log);
        return new ClepEncoder(network, tokenizer, _options.Preprocessing);
    }

    private readonly record struct EcgPreprocessorOptionsView(EcgPreprocessorOptions Options)
    {
        public int Leads => Options.Leads.Count;
        public int Samples => Options.SampleCount;
        public int SignalLength => Leads * Samples;
    }
}
