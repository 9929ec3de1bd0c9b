using System.Globalization;
using FgClep.Datasets;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Cli;

/// <summary>Records read into memory: preprocessed signals, (translated) reports, ids, and labels as 0/1 vectors when labelled.</summary>
internal sealed class EcgRows
{
    private EcgRows(IReadOnlyList<string> ids, IReadOnlyList<float[]> signals, IReadOnlyList<string> reports,
        IReadOnlyList<float[]>? labels, IReadOnlyList<string>? classNames, int signalLength, IReadOnlyList<IReadOnlyList<string>> features)
    {
        Ids = ids;
        Signals = signals;
        Reports = reports;
        Labels = labels;
        ClassNames = classNames;
        SignalLength = signalLength;
        WaveformFeatures = features;
    }

    public IReadOnlyList<string> Ids { get; }
    public IReadOnlyList<float[]> Signals { get; }
    public IReadOnlyList<string> Reports { get; }
    public IReadOnlyList<float[]>? Labels { get; }
    public IReadOnlyList<string>? ClassNames { get; }
    public int SignalLength { get; }

    /// <summary>Ground-truth waveform features, where the source knows them (synthetic records); empty lists otherwise.</summary>
    public IReadOnlyList<IReadOnlyList<string>> WaveformFeatures { get; }

    public int Count => Ids.Count;

    public static EcgRows Read(LoadedData data, CliOutput output, CancellationToken cancellationToken)
    {
        var preprocessor = new EcgPreprocessor(data.Preprocessing);
        var classes = data.ClassNames;
        var ids = new List<string>();
        var signals = new List<float[]>();
        var reports = new List<string>();
        var labels = classes is null ? null : new List<float[]>();
        var features = new List<IReadOnlyList<string>>();
        long total = data.Source.Count ?? 0;
        output.Progress($"Reading {data.Description}", progress =>
        {
            foreach (var record in data.Source.GetRecords())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ids.Add(record.RecordId);
                signals.Add(preprocessor.Process(record));
                reports.Add(data.TranslateReport is { } translate ? translate(record.Report) : record.Report);
                labels?.Add(MultiHotLabels.Row(record.Labels, classes!, StringComparer.OrdinalIgnoreCase));
                features.Add(record.WaveformFeatures);
                progress.Report(ids.Count, Math.Max(total, ids.Count), string.Create(CultureInfo.InvariantCulture, $"{ids.Count} records"));
            }
            return 0;
        });
        if (ids.Count == 0)
            throw new CliUsageException($"{data.Description}: no records selected", "Check the folder, --split and --max-records");
        return new EcgRows(ids, signals, reports, labels, classes, preprocessor.OutputLength, features);
    }

    /// <summary>The same rows with other reports (e.g. the fine-grained ones), in the same order.</summary>
    public EcgRows WithReports(IReadOnlyList<string> reports) =>
        new(Ids, Signals, reports, Labels, ClassNames, SignalLength, WaveformFeatures);

    /// <summary>The labels, or a usage error naming what is missing.</summary>
    public (IReadOnlyList<float[]> Labels, IReadOnlyList<string> ClassNames) RequireLabels(string what)
    {
        if (Labels is null || ClassNames is null)
            throw new CliUsageException($"{what} needs labelled records, and this source has none",
                "Use --ptbxl (with --task), --challenge (with --labels) or --synthetic N");
        return (Labels, ClassNames);
    }

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
        public string RecordId = "";
        public float[] Labels = Array.Empty<float>();
    }

    /// <summary>An ML.NET view: Signal (known-size vector), Report, RecordId and, when labelled, Labels with the class names as slot names.</summary>
    public IDataView ToDataView(MLContext ml)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        int classCount = ClassNames?.Count ?? 0;
        var labelColumn = schema[nameof(Row.Labels)];
        if (ClassNames is { } names && classCount > 0)
        {
            labelColumn.ColumnType = new VectorDataViewType(NumberDataViewType.Single, classCount);
            var slotNames = new VBuffer<ReadOnlyMemory<char>>(classCount, names.Select(c => c.AsMemory()).ToArray());
            labelColumn.AddAnnotation("SlotNames", slotNames, new VectorDataViewType(TextDataViewType.Instance, classCount));
        }
        var rows = Enumerable.Range(0, Count).Select(i => new Row
        {
            Signal = Signals[i],
            Report = Reports[i],
            RecordId = Ids[i],
            Labels = Labels?[i] ?? Array.Empty<float>(),
        });
        var view = ml.Data.LoadFromEnumerable(rows, schema);
        return classCount > 0 ? view : ml.Transforms.DropColumns(nameof(Row.Labels)).Fit(view).Transform(view);
    }
}
