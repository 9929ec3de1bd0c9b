using System.Diagnostics;
using System.Text.Json;
using FgClep.Datasets.PtbXl;
using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.MLNet;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using FgClep.PtbXlBenchmark;
using Microsoft.ML;

// PTB-XL benchmark: zero-shot (plain and 12-lead ensemble) and linear probing on each PTB-XL task's own test records, for models
// pre-trained on synthetic records, on PTB-XL's training folds, and on both, plus the ablations (InfoNCE, FG-CLEP, random init).
BenchmarkArguments arguments;
try { arguments = BenchmarkArguments.Parse(args, Path.Combine("..", "shared", "data", "ptbxl")); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkArguments.Usage);
    return 2;
}
if (!File.Exists(Path.Combine(arguments.PtbXlDirectory, PtbXlDatabase.DatabaseFileName)))
{
    Console.Error.WriteLine($"error: no PTB-XL at '{Path.GetFullPath(arguments.PtbXlDirectory)}' (expected {PtbXlDatabase.DatabaseFileName} there). " +
                            "Pass --ptbxl DIR with the PTB-XL folder (ptbxl_database.csv, scp_statements.csv, records100/).");
    return 2;
}

var total = Stopwatch.StartNew();
var ml = new MLContext(seed: arguments.Seed);
var preprocessor = new EcgPreprocessor();
var translator = PtbXlReportTranslator.Default;

Console.WriteLine($"Loading PTB-XL from {Path.GetFullPath(arguments.PtbXlDirectory)} (100 Hz) ...");
// Each task is evaluated on its own records (the paper's Table 1): MERL's per-task split files when present, else the
// official folds 1–8 / 9 / 10 restricted to the records with a label of the task. Pre-training reads every training-fold
// report; no record of any task's validation or test split is pre-trained on.
var (database, tasks, items, missing) = PtbXlCorpus.Load(arguments.PtbXlDirectory, arguments.MerlSplitDirectory, preprocessor);
var recordSets = tasks.ToDictionary(t => t.Key, t => t.Value.Records);
string splitName = recordSets[PtbXlTask.Super].Source.Replace("super_class ", "per-task ", StringComparison.Ordinal);
var train = items.Where(i => i.Fold <= 8).ToList();
var test = items.Where(i => recordSets[PtbXlTask.Super].Test.Contains(i.EcgId)).ToList();
List<PtbXlItem> TaskSplit(PtbXlTask task, string split) => items.Where(i => recordSets[task].OfSplit(split).Contains(i.EcgId)).ToList();
double coverage = translator.Coverage(items.Select(i => i.OriginalReport));
// General English words ("probable", "noted") count as English when they are whole words of the English WordPiece
// vocabulary the text encoders read (bert-base-uncased's, which MiniLM shares), German and Swedish words excepted.
string wordPieceVocabulary = Path.Combine(arguments.PtbXlDirectory, "..", "..", "models", "bert-base-uncased", "vocab.txt");
double? coverageWithVocabulary = File.Exists(wordPieceVocabulary)
    ? translator.Coverage(items.Select(i => i.OriginalReport), File.ReadLines(wordPieceVocabulary))
    : null;
Console.WriteLine($"  {items.Count} records with signals ({missing} listed without); {train.Count} in training folds 1-8 for pre-training");
Console.WriteLine($"  record sets: {splitName}");
foreach (var task in PtbXlTaskDefinition.All)
    Console.WriteLine($"    {task.ToString().ToLowerInvariant(),-6} train/validation/test = {TaskSplit(task, "train").Count}/{TaskSplit(task, "validation").Count}/{TaskSplit(task, "test").Count}");
Console.WriteLine($"  report translation coverage (share of tokens English or translated): {coverage:P1} with the table's English words" +
                  (coverageWithVocabulary is { } v ? $", {v:P1} counting the encoder vocabulary's English words" : ""));
foreach (var item in items.Where(i => i.OriginalReport != i.Report).Take(3))
    Console.WriteLine($"    \"{item.OriginalReport}\" → \"{item.Report}\"");

// Pre-training corpora.
var ptbPairs = train.Where(i => !string.IsNullOrWhiteSpace(i.Report)).Select(i => (i.Signal, i.Report)).ToList();
var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = arguments.Seed });
var syntheticPairs = Enumerable.Range(0, arguments.Synthetic).AsParallel().AsOrdered()
    .Select(i => { var r = generator.Generate(i); return (Signal: preprocessor.Process(r), r.Report); }).ToList();
var bothPairs = ptbPairs.Concat(syntheticPairs).ToList();
string? vocabulary = Path.Combine(arguments.PtbXlDirectory, "..", "..", "models", "bert-base-uncased", "vocab.txt");
if (!File.Exists(vocabulary)) vocabulary = null;
var textEncoder = PretrainedTextEncoder.Find(arguments.TextEncoder);
Console.WriteLine(textEncoder is not null
    ? $"Text: pretrained {textEncoder.UpstreamModel} ({textEncoder.PackageId})"
    : vocabulary is null ? "Text: RANDOMLY initialised BERT over a word vocabulary built from the training reports"
    : $"Text: RANDOMLY initialised BERT over the WordPiece vocabulary {Path.GetFullPath(vocabulary)}");

var trainer = new ModelTrainer(ml, vocabulary, preprocessor.Options, arguments.Seed, Console.Out, textEncoder, arguments.SentenceSampling,
    arguments.TextTraining, arguments.TextEncoderLearningRate);
var models = new Dictionary<string, ClepEncoder>();
var transformers = new List<IDisposable>();
Console.WriteLine();
Console.WriteLine("Pre-training");
if (syntheticPairs.Count >= 2)
{
    var synthetic = trainer.Train("syntheticOnly", syntheticPairs, arguments.Epochs);
    transformers.Add(synthetic); models["syntheticOnly"] = synthetic.Model;
}
var ptbOnly = trainer.Train("ptbXlOnly", ptbPairs, arguments.PtbXlEpochs);
transformers.Add(ptbOnly); models["ptbXlOnly"] = ptbOnly.Model;
int bothEpochs = syntheticPairs.Count >= 2 ? arguments.Epochs : arguments.PtbXlEpochs;
var clep = trainer.Train("clep", bothPairs, bothEpochs);
transformers.Add(clep); models["clep"] = clep.Model;
if (arguments.CompareTextEncoders)
{
    // The paper's Table 6: the same CLEP with each text encoder; the one the main models use is not trained twice.
    foreach (var (name, text) in new[] { ("clepMiniLm", PretrainedTextEncoder.MiniLmL6V2), ("clepArctic", PretrainedTextEncoder.ArcticEmbedXs), ("clepRandomText", null) })
    {
        if (text == textEncoder) { models[name] = clep.Model; continue; }
        var variant = trainer.Train(name, bothPairs, bothEpochs, text);
        transformers.Add(variant); models[name] = variant.Model;
    }
}
// Loss ablations beside sigmoid + FNM (clep): InfoNCE, and the sigmoid loss alone.
var infoNce = trainer.Train("infoNce", bothPairs, bothEpochs, ClepLossKind.InfoNce);
transformers.Add(infoNce); models["infoNce"] = infoNce.Model;
var sigmoid = trainer.Train("sigmoid", bothPairs, bothEpochs, ClepLossKind.Sigmoid);
transformers.Add(sigmoid); models["sigmoid"] = sigmoid.Model;
var (fgClep, enrichmentStatistics) = trainer.TrainFineGrained("fgClep", clep, bothPairs, 3);
transformers.Add(fgClep); models["fgClep"] = fgClep.Model;
// The same stage 2 with the verifier calibrated per feature (our addition; the paper thresholds the model's P).
var (fgClepCalibrated, calibratedEnrichmentStatistics) = trainer.TrainFineGrained("fgClepCalibrated", clep, bothPairs, 3, calibrated: true);
transformers.Add(fgClepCalibrated); models["fgClepCalibrated"] = fgClepCalibrated.Model;
var randomInit = clep.Model.WithRandomWeights(arguments.Seed + 1);
transformers.Add(randomInit); models["randomInit"] = randomInit;

// Evaluation.
Console.WriteLine();
Console.WriteLine("Evaluating each task on its test records; 95 % bootstrap CIs from 1,000 resamples. The linear probe reads the ECG encoder's output.");
var taskNames = tasks.ToDictionary(t => t.Key, t => t.Value.Name);
var zeroShotTable = new MetricsTable("zero-shot macro AUROC", PtbXlTaskDefinition.All.Select(t => taskNames[t]));
var ensembleTable = new MetricsTable("zero-shot macro AUROC, 12-lead prompt ensemble", PtbXlTaskDefinition.All.Select(t => taskNames[t]));
var probeTable = MetricsTable.LinearProbe("linear-probe macro AUROC", PtbXlTaskDefinition.All.Select(t => taskNames[t]));
var zeroShot = new Dictionary<string, Dictionary<string, object>>();
var zeroShotEnsemble = new Dictionary<string, Dictionary<string, object>>();
var linearProbe = new Dictionary<string, Dictionary<string, Dictionary<string, object>>>();
var probe = new LinearProbe(ml, new LinearProbeOptions { Seed = arguments.Seed });
var retrieval = new Dictionary<string, object>();
var taskRecords = new Dictionary<string, object>();
int? probeFeatureSize = null;
foreach (var task in PtbXlTaskDefinition.All)
{
    zeroShot[taskNames[task]] = new(); zeroShotEnsemble[taskNames[task]] = new(); linearProbe[taskNames[task]] = new();
    taskRecords[taskNames[task]] = new { train = TaskSplit(task, "train").Count, validation = TaskSplit(task, "validation").Count, test = TaskSplit(task, "test").Count };
}
var evaluated = items.Where(i => recordSets.Values.Any(r => r.Contains(i.EcgId))).ToList();
var rowOf = evaluated.Select((item, row) => (item.EcgId, row)).ToDictionary(p => p.EcgId, p => p.row);

foreach (var (name, model) in models)
{
    if (models.TakeWhile(m => m.Key != name).Any(m => ReferenceEquals(m.Value, model)))
    {
        // An alias (e.g. clepMiniLm of a MiniLM run is clep): copy the results rather than evaluate twice.
        string original = models.First(m => ReferenceEquals(m.Value, model)).Key;
        retrieval[name] = retrieval[original];
        foreach (var task in PtbXlTaskDefinition.All)
        {
            string t = taskNames[task];
            zeroShot[t][name] = zeroShot[t][original]; zeroShotEnsemble[t][name] = zeroShotEnsemble[t][original]; linearProbe[t][name] = linearProbe[t][original];
            var plain = (PtbXlZeroShot.Result)zeroShot[t][original];
            var ensemble = (PtbXlZeroShot.Result)zeroShotEnsemble[t][original];
            zeroShotTable.Set(name, t, plain.MacroAuroc, plain.Lower, plain.Upper);
            ensembleTable.Set(name, t, ensemble.MacroAuroc, ensemble.Lower, ensemble.Upper);
        }
        continue;
    }
    var signals = evaluated.Select(i => i.Signal).ToList();
    var embeddings = model.EmbedSignals(signals);
    var features = model.EcgEncoderFeatures(signals);
    probeFeatureSize = model.EcgEncoderFeatureSize;
    float[][] Rows(float[][] all, IReadOnlyList<PtbXlItem> subset) => subset.Select(i => all[rowOf[i.EcgId]]).ToArray();
    var retrieved = RetrievalEvaluationRun.Evaluate(model, Rows(embeddings, test), test);
    retrieval[name] = RetrievalEvaluationRun.ToJson(retrieved);
    Console.WriteLine($"  {name}: retrieval mean precision@5 {retrieved.PrecisionAt(5):F3}, recall@10 {retrieved.RecallAt(10):F3} over {RetrievalEvaluationRun.Queries.Length} feature queries");
    foreach (var task in PtbXlTaskDefinition.All)
    {
        var classNames = tasks[task].ClassNames;
        var classes = tasks[task].Prompts();
        string t = taskNames[task];
        var (taskTrain, taskValidation, taskTest) = (TaskSplit(task, "train"), TaskSplit(task, "validation"), TaskSplit(task, "test"));
        var testEmbeddings = Rows(embeddings, taskTest);
        var plain = PtbXlZeroShot.Evaluate(model, testEmbeddings, taskTest, task, classNames, classes, ensemble: false, arguments.Seed);
        var ensemble = PtbXlZeroShot.Evaluate(model, testEmbeddings, taskTest, task, classNames, classes, ensemble: true, arguments.Seed);
        zeroShot[t][name] = plain; zeroShotEnsemble[t][name] = ensemble;
        zeroShotTable.Set(name, t, plain.MacroAuroc, plain.Lower, plain.Upper);
        ensembleTable.Set(name, t, ensemble.MacroAuroc, ensemble.Lower, ensemble.Upper);

        var results = probe.Run(
            Split(Rows(features, taskTrain), taskTrain, task, classNames), Split(Rows(features, taskValidation), taskValidation, task, classNames),
            Split(Rows(features, taskTest), taskTest, task, classNames), classNames);
        var byFraction = new Dictionary<string, object>();
        foreach (var r in results)
        {
            string key = (r.Fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            byFraction[key] = new
            {
                macroAuroc = Round(r.TestMacroAuroc), lower = Round(r.Bootstrap?.MacroAuroc.Lower), upper = Round(r.Bootstrap?.MacroAuroc.Upper),
                trainRecords = r.TrainCount, excludedLabels = r.ExcludedLabels,
            };
            if (!double.IsNaN(r.TestMacroAuroc))
                probeTable.Set(name, t, r.TestMacroAuroc, r.Bootstrap?.MacroAuroc.Lower, r.Bootstrap?.MacroAuroc.Upper, r.Fraction);
        }
        linearProbe[t][name] = byFraction;
    }
    Console.WriteLine($"  {name}: " + string.Join(", ", PtbXlTaskDefinition.All.Select(task =>
        $"{taskNames[task]} {((PtbXlZeroShot.Result)zeroShot[taskNames[task]][name]).MacroAuroc:F3}")) + " (zero-shot)");
}

Console.WriteLine();
Console.WriteLine(zeroShotTable.ToMarkdown(boldBest: true));
Console.WriteLine(ensembleTable.ToMarkdown(boldBest: true));
Console.WriteLine(probeTable.ToMarkdown(boldBest: true));

if (arguments.OutputDirectory is { } dir)
{
    Directory.CreateDirectory(dir);
    foreach (var (table, stem) in new[] { (zeroShotTable, "zero-shot"), (ensembleTable, "zero-shot-ensemble"), (probeTable, "linear-probe") })
        foreach (var ext in new[] { ".md", ".csv", ".json" }) table.Save(Path.Combine(dir, stem + ext));
    BenchmarkPlots.Write(dir, models["clep"], test, tasks[PtbXlTask.Super], trainer.Curves["clep"], Console.Out);
    var results = new Dictionary<string, object?>
    {
        ["textEncoder"] = arguments.TextEncoder,
        ["zeroShot"] = zeroShot,
        ["zeroShotEnsemble"] = zeroShotEnsemble,
        ["linearProbe"] = linearProbe,
        ["translationCoverage"] = Math.Round(coverage, 4),
        ["translationCoverageWithVocabulary"] = coverageWithVocabulary is { } cv ? Math.Round(cv, 4) : null,
        ["retrieval"] = retrieval,
        ["records"] = new { pretrainPtbXl = ptbPairs.Count, synthetic = syntheticPairs.Count },
        ["taskRecords"] = taskRecords,
        ["probeFeatures"] = "encoder",
        ["probeFeatureSize"] = probeFeatureSize,
        ["split"] = splitName,
        ["enrichment"] = enrichmentStatistics,
        ["enrichmentCalibrated"] = calibratedEnrichmentStatistics,
        ["settings"] = new { arguments.Epochs, arguments.PtbXlEpochs, arguments.Synthetic, arguments.Seed, preset = "FgClepPretrainPresets.SmallCpu", arguments.TextEncoder,
            sentenceSampling = arguments.SentenceSampling ?? FgClepPretrainPresets.SmallCpu(1).Training.SentenceSamplingShare,
            textTraining = (arguments.TextTraining ?? TextEncoderTraining.Frozen).ToString(), textEncoderLearningRate = arguments.TextEncoderLearningRate },
        ["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
    };
    string path = Path.Combine(dir, "results.json");
    File.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    Console.WriteLine($"Wrote {path}, the tables and the plots");
}
foreach (var d in transformers) d.Dispose();
Console.WriteLine($"Total {total.Elapsed.TotalMinutes:F1} min");
return 0;

static LinearProbeSplit Split(float[][] embeddings, IReadOnlyList<PtbXlItem> items, PtbXlTask task, IReadOnlyList<string> classNames) =>
    new(embeddings, PtbXlZeroShot.LabelRows(items, task, classNames), classNames);

static double? Round(double? v) => v is { } x && !double.IsNaN(x) ? Math.Round(x, 4) : null;
