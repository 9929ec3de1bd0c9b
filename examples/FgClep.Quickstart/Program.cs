using System.Diagnostics;
using System.Text.Json;
using FgClep.Datasets.Synthetic;
using FgClep.Enrichment;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using FgClep.Quickstart;
using Microsoft.ML;

// FgClep quickstart on the embedded synthetic 12-lead data (reports, labels and ground-truth waveform features):
// summary, stage-1 CLEP pre-training through ML.NET, and zero-shot classification against a random-init baseline.
QuickstartArguments arguments;
try { arguments = QuickstartArguments.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(QuickstartArguments.Usage);
    return 2;
}

var ml = new MLContext(seed: arguments.Seed);
var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = arguments.Seed });
var preprocessor = new EcgPreprocessor();
int trainCount = (int)Math.Round(arguments.Records * 0.8), testCount = arguments.Records - trainCount;
int validationCount = Math.Max(2, testCount / 2);

var clock = Stopwatch.StartNew();
var train = SyntheticRecords.Build(generator, preprocessor, 0, trainCount, "train");
var test = SyntheticRecords.Build(generator, preprocessor, trainCount, testCount, "test");
// Validation records come after the test records: generated the same way, used only for per-epoch monitoring.
var validation = SyntheticRecords.Build(generator, preprocessor, arguments.Records, validationCount, "validation");
double generationSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"Generated and preprocessed {arguments.Records} synthetic ECGs ({generator.Options.SamplingRate} Hz, {generator.Options.DurationSeconds} s, 12 leads) in {generationSeconds:F1} s");
Console.WriteLine();

var summary = DatasetSummary.Of(train, test);
summary.Print(Console.Out);
ModelInput.Describe(Console.Out, preprocessor, train[0]);

var shared = SharedFolder.Locate();
var ptbXl = PtbXlSummary.PrintIfPresent(ml, shared, Console.Out);

// Stage 1: CLEP pre-training on (ECG, report) pairs.
Console.WriteLine();
Console.WriteLine($"Stage 1: CLEP pre-training (ResNet18-1d width {arguments.EcgWidth} + {arguments.TextEncoder} text encoder, {arguments.Loss} loss), {arguments.Epochs} epochs on {train.Length} pairs");
var options = Pretraining.Stage1Options(arguments, preprocessor.Options, shared, Console.Out);
var trainView = Pretraining.ToDataView(ml, train, preprocessor.OutputLength);
options = options with { ValidationData = Pretraining.ToDataView(ml, validation, preprocessor.OutputLength) };
var (clep, trainSeconds) = Pretraining.Run(ml, trainView, options, Console.Out);
using var clepModel = clep;
Console.WriteLine($"Trained in {trainSeconds:F0} s");

// Enrichment: knowledge-base proposals verified on each ECG by the stage-1 model.
Console.WriteLine();
Console.WriteLine("Enrichment: waveform features proposed from each report (offline knowledge base), kept where CLEP confirms them on the ECG");
string? cachePath = arguments.OutputDirectory is null ? null : Path.Combine(arguments.OutputDirectory, "proposals.jsonl");
var enrichment = Stage2Enrichment.Run(ml, clep, trainView, train, validation, cachePath, Console.Out);

// Stage 2: FG-CLEP continues from CLEP on the fine-grained reports (paper: 3 epochs).
Console.WriteLine();
Console.WriteLine($"Stage 2: FG-CLEP, {arguments.Stage2Epochs} epochs on the fine-grained reports");
var stage2Options = options with
{
    InitialModel = clep,
    ReportColumnName = "FineGrainedReport",
    ValidationData = null,
    Training = options.Training with
    {
        Epochs = arguments.Stage2Epochs,
        // Stage 2 starts from a saved model, so the estimator would fine-tune every layer by default; keep stage 1's setting.
        TextEncoderTraining = options.PretrainedTextEncoder is null ? null : arguments.TextTraining,
        CheckpointDirectory = arguments.OutputDirectory is null ? null : Path.Combine(arguments.OutputDirectory, "checkpoints", "stage2"),
    },
};
var (fgClep, stage2Seconds) = Pretraining.Run(ml, enrichment.Transformer.Transform(trainView), stage2Options, Console.Out);
using var fgClepModel = fgClep;
Console.WriteLine($"Trained in {stage2Seconds:F0} s");

using var randomInit = clep.Model.WithRandomWeights(arguments.Seed + 1);
var zeroShotRandom = ZeroShotReport.Evaluate(randomInit, test);
var zeroShotClep = ZeroShotReport.Evaluate(clep.Model, test);
var zeroShotFgClep = ZeroShotReport.Evaluate(fgClep.Model, test);
ZeroShotReport.Print(Console.Out, new[] { ("randomInit", zeroShotRandom), ("clep", zeroShotClep), ("fgClep", zeroShotFgClep) });

if (arguments.OutputDirectory is { } dir)
{
    Directory.CreateDirectory(dir);
    string modelPath = Path.Combine(dir, "clep.fgclep");
    clep.Save(modelPath);
    fgClep.Save(Path.Combine(dir, "fgclep.fgclep"));
    Console.WriteLine();
    var onnx = OnnxDeployment.Run(ml, fgClep.Model, train, test, dir, Console.Out);
    var figures = FeatureTsneFigures.Write(dir, test, ("CLEP", clep.Model), ("FG-CLEP", fgClep.Model));
    Console.WriteLine($"Wrote {string.Join(" and ", figures)} (t-SNE by waveform feature, the paper's figure 5)");
    var results = new Dictionary<string, object?>
    {
        ["textEncoder"] = arguments.TextEncoder,
        ["textEncoderTraining"] = options.PretrainedTextEncoder is null ? "finetune" : arguments.TextTraining?.ToString(),
        ["textEncoderLearningRate"] = arguments.TextEncoderLearningRate,
        ["sentenceSampling"] = arguments.SentenceSampling,
        ["ecgPrecision"] = arguments.EcgPrecision.ToString(),
        ["zeroShotMacroAuroc"] = new
        {
            randomInit = Math.Round(zeroShotRandom.Macro, 4), clep = Math.Round(zeroShotClep.Macro, 4), fgClep = Math.Round(zeroShotFgClep.Macro, 4),
        },
        ["zeroShotPerClass"] = SyntheticEcgGenerator.Conditions.Select((c, i) => new
        {
            condition = c, randomInit = Round(zeroShotRandom.PerClass[i]), clep = Round(zeroShotClep.PerClass[i]), fgClep = Round(zeroShotFgClep.PerClass[i]),
        }),
        ["enrichment"] = new
        {
            threshold = Significant(enrichment.Threshold),
            verifierAuroc = Math.Round(enrichment.VerificationAuroc, 4),
            verifierAurocUncalibrated = Math.Round(enrichment.VerificationAurocUncalibrated, 4),
            calibratedFeatures = enrichment.CalibratedFeatures,
            verifierAurocCalibratedFeatures = Math.Round(enrichment.VerificationAurocOfCalibratedFeatures, 4),
            validationPairs = enrichment.Pairs,
            validationPairsCalibrated = enrichment.CalibratedPairs,
            verifierAurocPerFeature = Round(enrichment.VerificationAurocPerFeature),
            verifierByFeature = enrichment.ByFeature.Select(f => new
            {
                feature = f.Feature, present = f.Present, absent = f.Absent, auroc = Round(f.Auroc),
                meanPPresent = Significant(f.MeanPPresent), meanPAbsent = Significant(f.MeanPAbsent),
            }),
            candidatesPerRecord = Math.Round(enrichment.TrainQuality.CandidatesPerRecord, 3),
            verifiedPerRecord = Math.Round(enrichment.TrainQuality.VerifiedPerRecord, 3),
            precisionProposed = Math.Round(enrichment.TrainQuality.PrecisionProposed, 4),
            precisionVerified = Math.Round(enrichment.TrainQuality.PrecisionVerified, 4),
            recallProposed = Math.Round(enrichment.TrainQuality.RecallProposed, 4),
            recallVerified = Math.Round(enrichment.TrainQuality.RecallVerified, 4),
            proposerCalls = enrichment.Statistics.ProposerCalls,
            uniqueReports = enrichment.Statistics.UniqueReports,
            records = enrichment.Statistics.Records,
        },
        ["trainSeconds"] = Math.Round(trainSeconds, 1),
        ["stage2TrainSeconds"] = Math.Round(stage2Seconds, 1),
        ["records"] = new { train = train.Length, test = test.Length, validation = validation.Length },
        ["dataset"] = summary.ToJson(),
        ["ptbXl"] = ptbXl,
        ["preprocessing"] = preprocessor.Options,
        ["generationSeconds"] = Math.Round(generationSeconds, 2),
        ["totalSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        ["model"] = modelPath,
        ["onnx"] = onnx,
        ["figures"] = figures,
    };
    string path = Path.Combine(dir, "results.json");
    File.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"Wrote {path} and {modelPath}");
}
return 0;

static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 4);

// Four significant digits: probabilities and thresholds can be far below 1e-4.
static double? Significant(double v) =>
    double.IsNaN(v) ? null : double.Parse(v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
