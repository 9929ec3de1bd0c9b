using System.CommandLine;
using System.Globalization;
using System.Text;
using FgClep.Datasets;
using FgClep.Evaluation;
using FgClep.Inference;
using Spectre.Console;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep zeroshot</c>: classifies ECGs from class text prompts, P = σ(exp(t')·cos + b); with labelled data, per-class
/// and macro AUROC (with a bootstrap CI).
/// </summary>
internal sealed class ZeroShotCommand : FgClepCommand
{
    public const string PredictionsFileName = "zeroshot-predictions.csv";
    public const string SummaryFileName = "zeroshot.json";

    private readonly DataSourceOptions _data;
    private readonly Option<string> _model = ModelFile.Option();
    private readonly Option<string[]> _classes = new("--class") { Description = "A class to score, as its text prompt (repeat the option; default: the data set's classes, with PTB-XL's statement descriptions as prompts).", HelpName = "TEXT" };
    private readonly Option<bool> _ensemble = new("--ensemble") { Description = "Score each class as the maximum over prompts that name the 12 leads (the paper's 12-lead ensemble)." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = $"Also write {PredictionsFileName} (a probability per class per record), {SummaryFileName} and the effective config here.", HelpName = "DIR" };

    public ZeroShotCommand() : base("zeroshot", "Classify ECGs zero-shot from class text prompts; with labelled data, report per-class and macro AUROC.",
        "fgclep zeroshot --model runs/fgclep/model.fgclep --synthetic 2000",
        "fgclep zeroshot --model runs/fgclep/model.fgclep --ptbxl data/ptbxl --task rhythm --ensemble --out runs/zeroshot-rhythm",
        "fgclep zeroshot --model runs/fgclep/model.fgclep --wfdb my-records --class \"atrial fibrillation\" --class \"normal ECG\" --json")
    {
        _data = new DataSourceOptions(this, DataSourceOptions.Test);
        Add(_model, _classes, _ensemble, _out);
    }

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        using var model = ModelFile.Load(result.GetValue(_model)!);
        var loaded = _data.Load(result, _data.SplitOf(result), model.Preprocessing);
        var classes = Classes(result.GetValue(_classes), loaded);
        if (result.GetValue(_out) is { } outDir) { Directory.CreateDirectory(outDir); SaveEffectiveConfig(result, outDir); }
        var rows = loaded.Read(output, cancellationToken);
        var embeddings = EmbeddingProgress.EmbedSignals(model, rows.Signals, output, cancellationToken);
        var classifier = new ZeroShotClassifier(model, classes, result.GetValue(_ensemble));
        var scores = embeddings.Select(e => classifier.Score(e)).ToArray();

        // AUROC for the classes the data labels (matched by name), computed as the library's benchmark computes it (on the
        // logits, which σ would tie in float32), so the CLI and ZeroShotEvaluation give the same figure for the same data.
        var labelIndex = rows.ClassNames?.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.OrdinalIgnoreCase);
        var labelled = classes.Select((c, k) => (Class: c, Index: k)).Where(p => labelIndex?.ContainsKey(p.Class.Name) == true).ToArray();
        var perClass = classes.Select(_ => (Auroc: double.NaN, Positives: (int?)null)).ToArray();
        double macro = double.NaN;
        ConfidenceInterval? ci = null;
        if (labelled.Length > 0)
        {
            var labels = rows.Labels!.Select(l => labelled.Select(p => l[labelIndex![p.Class.Name]]).ToArray()).ToArray();
            var benchmark = ZeroShotEvaluation.Evaluate(model, embeddings, labels, labelled.Select(p => p.Class).ToArray(), result.GetValue(_ensemble), new BootstrapOptions());
            for (int j = 0; j < labelled.Length; j++)
                perClass[labelled[j].Index] = (benchmark.Auroc.PerClass[j], labels.Count(l => l[j] > 0.5f));
            macro = benchmark.Auroc.Macro;
            if (!double.IsNaN(macro)) ci = benchmark.Bootstrap?.MacroAuroc;
        }
        var defined = perClass.Where(p => double.IsFinite(p.Auroc)).Select(p => p.Auroc).ToArray();

        var table = new Table().AddColumns("class", "prompts", "positives", "AUROC", "mean P");
        for (int k = 0; k < classes.Count; k++)
            table.AddRow(Markup.Escape(classes[k].Name), classes[k].EffectivePrompts.Count.ToString(CultureInfo.InvariantCulture),
                perClass[k].Positives?.ToString(CultureInfo.InvariantCulture) ?? "-", Format(perClass[k].Auroc),
                scores.Average(s => s[k]).ToString("F3", CultureInfo.InvariantCulture));
        output.Table(table);
        if (defined.Length > 0)
            output.Info(string.Create(CultureInfo.InvariantCulture, $"Macro AUROC {macro:F4}") + (ci is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (95 % CI {ci.Lower:F4}–{ci.Upper:F4})")) +
                        string.Create(CultureInfo.InvariantCulture, $" over {defined.Length} classes, {rows.Count} records"));
        else
            output.Info("No labels for these classes in the data: probabilities only (use --out to write them).");
        double highest = scores.Length == 0 ? double.NaN : scores.Max(s => s.Length == 0 ? double.NaN : s.Max());
        if (highest < 0.5)
            output.Warn(string.Create(CultureInfo.InvariantCulture,
                $"every probability is below 0.5 (highest {highest:G3}; the learned bias alone gives σ(b) = {model.BiasProbability:G3}): ") +
                "the model rates no prompt a likely match for any ECG, as short or small training runs do. The ranking, and so AUROC, still holds; PredictedLabel is the least unlikely class.");

        var summary = new
        {
            records = rows.Count,
            ensemble = result.GetValue(_ensemble),
            highestProbability = double.IsFinite(highest) ? highest : (double?)null,
            macroAuroc = CliJson.Metric(macro),
            macroAurocCi = ci is null ? null : new[] { CliJson.Metric(ci.Lower), CliJson.Metric(ci.Upper) },
            classes = classes.Select((c, k) => new { name = c.Name, prompts = c.EffectivePrompts, positives = perClass[k].Positives, auroc = CliJson.Metric(perClass[k].Auroc) }),
            predictions = result.GetValue(_out) is { } dir ? Path.Combine(dir, PredictionsFileName) : null,
        };
        if (result.GetValue(_out) is { } o)
        {
            WritePredictions(Path.Combine(o, PredictionsFileName), classes, rows.Ids, scores);
            CliJson.WriteFile(Path.Combine(o, SummaryFileName), summary);
            output.Info($"Wrote {Path.Combine(o, PredictionsFileName)} and {Path.Combine(o, SummaryFileName)}");
        }
        output.Result(summary);
        return CliApp.Ok;
    }

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static IReadOnlyList<ZeroShotClass> Classes(string[]? given, LoadedData data)
    {
        if (given is { Length: > 0 })
        {
            var blank = Array.FindIndex(given, string.IsNullOrWhiteSpace);
            if (blank >= 0) throw new CliUsageException($"--class number {blank + 1} is empty", "Give each class as a non-empty text prompt");
            return given.Distinct(StringComparer.OrdinalIgnoreCase).Select(c => new ZeroShotClass(c.Trim())).ToArray();
        }
        return DataPrompts.Classes(data) ?? throw new CliUsageException("this data source has no class list", "Name the classes with --class TEXT (repeat it for each class)");
    }

    private static void WritePredictions(string path, IReadOnlyList<ZeroShotClass> classes, IReadOnlyList<string> ids, float[][] scores)
    {
        var text = new StringBuilder();
        text.Append("RecordId,").Append(string.Join(',', classes.Select(c => Csv(c.Name)))).AppendLine(",PredictedLabel");
        for (int i = 0; i < ids.Count; i++)
        {
            int best = Array.IndexOf(scores[i], scores[i].Max());
            text.Append(Csv(ids[i])).Append(',')
                .Append(string.Join(',', scores[i].Select(s => s.ToString("G6", CultureInfo.InvariantCulture))))
                .Append(',').AppendLine(Csv(classes[best].Name));
        }
        var temp = path + ".tmp";
        File.WriteAllText(temp, text.ToString());
        File.Move(temp, path, overwrite: true);
    }

    private static string Csv(string value) => value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
