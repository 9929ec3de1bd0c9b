using Microsoft.ML;
using FgClep.Datasets;
using FgClep.Datasets.Challenge;
using FgClep.Datasets.MimicIv;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Preprocessing;

namespace FgClep.MLNet;

/// <summary>
/// Loaders of ECG datasets on ML.NET's <c>mlContext.Data</c>. Each returns a streaming <see cref="EcgDataView"/>
/// (columns <c>Signal</c>, <c>Report</c>, <c>RecordId</c>, <c>Split</c>, and <c>Labels</c> when a class list applies)
/// that reads records on demand and preprocesses signals with <see cref="EcgPreprocessor"/>.
/// </summary>
public static class EcgDataCatalogExtensions
{
    /// <summary>Loads PTB-XL (the standard layout: <c>ptbxl_database.csv</c>, <c>scp_statements.csv</c>, <c>records100/</c>, <c>records500/</c>).</summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="directory">The PTB-XL folder.</param>
    /// <param name="options">Sampling rate, folds, label task and preprocessing; null for 100 Hz, all folds, no label task.</param>
    /// <returns>
    /// One row per selected record: report, split from the fold, labels of the task. With a task, only the records that have
    /// a label of it (the benchmark's per-task record sets; see <see cref="PtbXlLoadOptions.KeepUnlabelledRecords"/> and
    /// <see cref="PtbXlLoadOptions.MerlSplitDirectory"/>).
    /// </returns>
    /// <example><code>
    /// var train = mlContext.Data.LoadPtbXl("data/ptbxl", new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TrainFolds, Task = PtbXlTask.Super });
    /// </code></example>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A metadata file is missing.</exception>
    /// <exception cref="FgClepFormatException">A metadata file is malformed (signal files are read, and checked, while the view is read).</exception>
    public static EcgDataView LoadPtbXl(this DataOperationsCatalog catalog, string directory, PtbXlLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new PtbXlLoadOptions();
        var database = PtbXlDatabase.Load(directory);
        var source = database.Records(options);
        var classes = options.ClassNames ?? (options.Task is { } task ? database.ClassNames(task) : null);
        return new EcgDataView(source, new EcgPreprocessor(options.Preprocessor), classes);
    }

    /// <summary>Loads every WFDB record (<c>.hea</c> header plus signal files) under <paramref name="directory"/>, recursively, ordered by path.</summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="directory">The folder to search.</param>
    /// <param name="options">Preprocessing and class list; null for defaults and no label column.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static EcgDataView LoadWfdb(this DataOperationsCatalog catalog, string directory, EcgLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return catalog.LoadWfdb(WfdbRecordFormat.Instance.FindRecords(directory), options);
    }

    /// <summary>Loads the WFDB records at <paramref name="recordPaths"/> (header paths with or without <c>.hea</c>), in that order.</summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="recordPaths">The records.</param>
    /// <param name="options">Preprocessing and class list; null for defaults and no label column.</param>
    /// <exception cref="FileNotFoundException">A header file is missing (the message names it).</exception>
    public static EcgDataView LoadWfdb(this DataOperationsCatalog catalog, IEnumerable<string> recordPaths, EcgLoadOptions? options = null)
    {
        return catalog.LoadEcgRecords(recordPaths, WfdbRecordFormat.Instance, options);
    }

    /// <summary>
    /// Loads the records at <paramref name="recordPaths"/>, in that order, in the format <paramref name="reader"/> reads:
    /// the way in for a format of your own (implement <see cref="IEcgRecordReader"/>).
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="recordPaths">The records, as the reader names them (e.g. <c>reader.FindRecords(folder)</c>).</param>
    /// <param name="reader">The format.</param>
    /// <param name="options">Preprocessing and class list; null for defaults and no label column.</param>
    /// <exception cref="FileNotFoundException">A record's file is missing (the message names it).</exception>
    public static EcgDataView LoadEcgRecords(this DataOperationsCatalog catalog, IEnumerable<string> recordPaths, IEcgRecordReader reader,
        EcgLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(recordPaths);
        options ??= new EcgLoadOptions();
        var source = new EcgRecordPathSource(recordPaths, reader);
        return new EcgDataView(source, new EcgPreprocessor(options.Preprocessor), options.ClassNames);
    }

    /// <summary>
    /// Loads a PhysioNet/CinC Challenge 2020/2021 folder (CPSC2018, Chapman-Shaoxing-Ningbo, ...): labels from the
    /// headers' <c>#Dx</c> SNOMED-CT codes, split 70/10/20 by a seeded hash of the record name.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="directory">The folder holding the <c>.hea</c> files (searched recursively).</param>
    /// <param name="options">Label map, split and preprocessing; null for raw codes, all records, no label column.</param>
    /// <example><code>
    /// var test = mlContext.Data.LoadPhysioNetChallenge("cpsc2018", new PhysioNetChallengeLoadOptions { LabelMap = Cpsc2018Labels.LabelMap, Split = "test" });
    /// </code></example>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static EcgDataView LoadPhysioNetChallenge(this DataOperationsCatalog catalog, string directory, PhysioNetChallengeLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new PhysioNetChallengeLoadOptions();
        var dataset = new PhysioNetChallengeDataset(directory, options.LabelMap, options.Split, options.Seed, options.TrainFraction, options.ValidationFraction);
        return new EcgDataView(dataset, new EcgPreprocessor(options.Preprocessor), options.ClassNames ?? options.LabelMap?.ClassNames);
    }

    /// <summary>
    /// Loads MIMIC-IV-ECG for pre-training: <c>record_list.csv</c> joined with the machine reports of
    /// <c>machine_measurements.csv</c> (see <see cref="MimicIvEcgDataset"/>); streams, row count unknown.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="directory">The MIMIC-IV-ECG folder.</param>
    /// <param name="options">Record limit and preprocessing; null for all records and defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the two CSV files is missing.</exception>
    public static EcgDataView LoadMimicIvEcg(this DataOperationsCatalog catalog, string directory, MimicIvEcgLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new MimicIvEcgLoadOptions();
        var dataset = new MimicIvEcgDataset(directory, options.MaxRecords);
        return new EcgDataView(dataset, new EcgPreprocessor(options.Preprocessor), options.ClassNames);
    }

    /// <summary>
    /// Generates <paramref name="count"/> synthetic 12-lead ECGs on demand with <see cref="SyntheticEcgGenerator"/>
    /// (record <c>i</c> = <c>Generate(i)</c>, deterministic for a seed), with <c>Split</c> set by <see cref="SyntheticEcgSplit"/>.
    /// The overload with <see cref="SyntheticLoadOptions"/> also selects one split.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="count">Number of records.</param>
    /// <param name="synthetic">Generator settings; null for defaults.</param>
    /// <param name="preprocessor">Preprocessing; null for defaults.</param>
    /// <param name="classNames">Classes of the label column (matched against each record's <see cref="EcgRecord.Labels"/>);
    /// null for the generator's condition names (<see cref="SyntheticEcgGenerator.Conditions"/>).</param>
    public static EcgDataView LoadSyntheticEcg(this DataOperationsCatalog catalog, int count, SyntheticEcgOptions? synthetic = null,
        EcgPreprocessorOptions? preprocessor = null, IReadOnlyList<string>? classNames = null) =>
        catalog.LoadSyntheticEcg(count, new SyntheticLoadOptions { Generator = synthetic, Preprocessor = preprocessor, ClassNames = classNames });

    /// <summary>
    /// Generates <paramref name="count"/> synthetic 12-lead ECGs lazily, with their <c>Split</c> set as the CLI sets it
    /// (<see cref="SyntheticEcgSplit"/>: 80 % train, 10 % validation, 10 % test), and keeps one split when
    /// <see cref="SyntheticLoadOptions.Split"/> names it.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Data</c>.</param>
    /// <param name="count">Records in all splits together.</param>
    /// <param name="options">Generator, split, preprocessing and classes (null classes: the generator's condition names).</param>
    /// <example><code>
    /// var train = mlContext.Data.LoadSyntheticEcg(2500, new SyntheticLoadOptions { Split = "train" });   // records 0–1999
    /// </code></example>
    public static EcgDataView LoadSyntheticEcg(this DataOperationsCatalog catalog, int count, SyntheticLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (source, _) = SyntheticEcgSplit.Source(new SyntheticEcgGenerator(options.Generator), count, options.Split);
        return new EcgDataView(source, new EcgPreprocessor(options.Preprocessor), options.ClassNames ?? SyntheticEcgGenerator.Conditions);
    }

    /// <summary>
    /// Records already read and preprocessed (<see cref="EcgCorpus"/>) as an in-memory view with the loaders'
    /// columns: <c>Signal</c> (known-size vector of <paramref name="signalLength"/>), <c>Report</c>, <c>RecordId</c>,
    /// <c>Split</c> and, when <paramref name="classNames"/> is given, <c>Labels</c> (slot names = class names).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="records">The records, in row order (e.g. with fine-grained reports: <c>record with { Report = ... }</c>).</param>
    /// <param name="signalLength">Length of every record's input (leads × samples).</param>
    /// <param name="classNames">The classes of the Labels column; null for none.</param>
    /// <param name="labelComparer">How a record's labels match the class names; null for ordinal.</param>
    public static IDataView LoadPreprocessedEcg(this DataOperationsCatalog catalog, IReadOnlyList<PreprocessedEcg> records, int signalLength,
        IReadOnlyList<string>? classNames = null, StringComparer? labelComparer = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return PreprocessedEcgView.Create(catalog, records, signalLength, classNames, labelComparer);
    }

}
