using System.Globalization;
using FgClep.Datasets;
using FgClep.MLNet;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Cli.Infrastructure;

/// <summary>Records read into memory: preprocessed signals, (translated) reports, ids, and labels as 0/1 vectors when labelled.</summary>
internal sealed class EcgRows
{
    private EcgRows(IReadOnlyList<PreprocessedEcg> records, int signalLength, IReadOnlyList<string>? classNames)
    {
        Records = records;
        Ids = records.Select(r => r.RecordId).ToArray();
        Signals = records.Select(r => r.Input).ToArray();
        Reports = records.Select(r => r.Report).ToArray();
        Labels = classNames is null ? null : records.Select(r => MultiHotLabels.Row(r.Labels, classNames, StringComparer.OrdinalIgnoreCase)).ToArray();
        ClassNames = classNames;
        SignalLength = signalLength;
        WaveformFeatures = records.Select(r => r.WaveformFeatures).ToArray();
    }

    /// <summary>The records as read and preprocessed.</summary>
    public IReadOnlyList<PreprocessedEcg> Records { get; }

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
        long total = data.Source.Count ?? 0;
        var records = output.Progress($"Reading {data.Description}", progress => EcgCorpus.Preprocess(data.Source, preprocessor,
            progress: new SynchronousProgress<int>(done => progress.Report(done, Math.Max(total, done), string.Create(CultureInfo.InvariantCulture, $"{done} records"))),
            cancellationToken: cancellationToken));
        if (records.Count == 0)
            throw new CliUsageException($"{data.Description}: no records selected", "Check the folder, --split and --max-records");
        return new EcgRows(records, preprocessor.OutputLength, classes);
    }

    /// <summary>The same rows with other reports (e.g. the fine-grained ones), in the same order.</summary>
    public EcgRows WithReports(IReadOnlyList<string> reports) =>
        new(Records.Select((r, i) => r with { Report = reports[i] }).ToArray(), SignalLength, ClassNames);

    /// <summary>The labels, or a usage error naming what is missing.</summary>
    public (IReadOnlyList<float[]> Labels, IReadOnlyList<string> ClassNames) RequireLabels(string what)
    {
        if (Labels is null || ClassNames is null)
            throw new CliUsageException($"{what} needs labelled records, and this source has none",
                "Use --ptbxl (with --task), --challenge (with --labels) or --synthetic N");
        return (Labels, ClassNames);
    }

    /// <summary>An ML.NET view: Signal (known-size vector), Report, RecordId, Split and, when labelled, Labels with the class names as slot names.</summary>
    public IDataView ToDataView(MLContext ml) =>
        ml.Data.LoadPreprocessedEcg(Records, SignalLength, ClassNames, StringComparer.OrdinalIgnoreCase);

}
