using System.CommandLine;
using System.Globalization;
using FgClep.Evaluation;
using Microsoft.ML;
using Spectre.Console;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep probe</c>: linear probing of the frozen ECG encoder's output (or, with <c>--features embedding</c>, the projected
/// embedding) with a native ML.NET trainer per label, on 1/10/100 %
/// of the training split, L2 chosen on the validation split, macro AUROC on the test split with a bootstrap CI.
/// </summary>
internal sealed class ProbeCommand : FgClepCommand
{
    public const string SummaryFileName = "probe.json";

    private readonly DataSourceOptions _data;
    private readonly Option<string> _model = ModelFile.Option();
    private readonly Option<double[]> _fractions = new("--fraction") { Description = "Percent of the training split to train on (repeat the option).", DefaultValueFactory = _ => new[] { 1.0, 10.0, 100.0 }, HelpName = "PERCENT" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the training subsets and the bootstrap.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _features = new("--features")
    {
        Description = "What the probe reads: encoder (the ECG encoder's output before the projection, the paper's and MERL's protocol) or embedding (the projected, L2-normalised embedding zero-shot uses).",
        DefaultValueFactory = _ => "encoder",
    };
    private readonly Option<string?> _out = new("--out", "-o") { Description = $"Also write {SummaryFileName} and the effective config here.", HelpName = "DIR" };

    public ProbeCommand() : base("probe", "Linear probing: train a logistic regression per label on frozen ECG embeddings (train split, L2 chosen on validation), report test macro AUROC.",
        "fgclep probe --model runs/fgclep/model.fgclep --synthetic 2000",
        "fgclep probe --model runs/fgclep/model.fgclep --ptbxl data/ptbxl --task form --fraction 1 --fraction 100 --out runs/probe-form")
    {
        _data = new DataSourceOptions(this, defaultSplit: null);
        Add(_model, _fractions, _seed, _features, _out);
        _features.OneOf("encoder", "embedding");
        _fractions.Finite(0, 100, minExclusive: true);
        _seed.Whole();
    }

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        var fractions = result.GetValue(_fractions)!;
        if (fractions.Length == 0 || fractions.Any(f => !(f > 0 && f <= 100)))
            throw new CliUsageException("--fraction must be a percentage above 0 and at most 100", "e.g. --fraction 1 --fraction 10 --fraction 100");
        using var model = ModelFile.Load(result.GetValue(_model)!);
        if (result.GetValue(_out) is { } outDir) { Directory.CreateDirectory(outDir); SaveEffectiveConfig(result, outDir); }

        LinearProbeSplit Split(string name)
        {
            var rows = _data.Load(result, name, model.Preprocessing).Read(output, cancellationToken);
            var (labels, _) = rows.RequireLabels("Linear probing");
            var features = result.GetValue(_features) == "embedding"
                ? EmbeddingProgress.EmbedSignals(model, rows.Signals, output, cancellationToken)
                : EmbeddingProgress.EncoderFeatures(model, rows.Signals, output, cancellationToken);
            return new LinearProbeSplit(features, labels, rows.ClassNames);
        }
        var train = Split(DataSourceOptions.Train);
        var validation = Split(DataSourceOptions.Validation);
        var test = Split(DataSourceOptions.Test);

        var probe = new LinearProbe(new MLContext(seed: result.GetValue(_seed)), new LinearProbeOptions
        {
            Fractions = fractions.Select(f => f / 100).ToArray(),
            Seed = result.GetValue(_seed),
        });
        var results = output.Progress("Training probes", progress =>
        {
            progress.Report(0, 1, $"{fractions.Length} fraction(s) × {train.Labels[0].Length} labels");
            var r = probe.Run(train, validation, test);
            progress.Report(1, 1);
            return r;
        });

        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("train fraction", "train records", "test macro AUROC", "95 % CI", "labels excluded");
        foreach (var r in results)
            table.AddRow((r.Fraction * 100).ToString("0.##", inv) + " %", r.TrainCount.ToString(inv), r.TestMacroAuroc.ToString("F4", inv),
                r.Bootstrap is { } b ? $"{b.MacroAuroc.Lower.ToString("F4", inv)}–{b.MacroAuroc.Upper.ToString("F4", inv)}" : "-",
                Markup.Escape(r.ExcludedLabels.Count == 0 ? "none" : string.Join(", ", r.ExcludedLabels)));
        output.Table(table);
        int featureSize = train.Embeddings.Count > 0 ? train.Embeddings[0].Length : 0;
        output.Info(string.Create(inv, $"{train.Count} / {validation.Count} / {test.Count} train / validation / test records; {featureSize} {result.GetValue(_features)} features"));

        var summary = new
        {
            train = train.Count,
            validation = validation.Count,
            test = test.Count,
            features = result.GetValue(_features),
            featureSize,
            results = results.Select(r => new
            {
                fraction = r.Fraction,
                trainRecords = r.TrainCount,
                testMacroAuroc = CliJson.Metric(r.TestMacroAuroc),
                ci = r.Bootstrap is { } b ? new[] { CliJson.Metric(b.MacroAuroc.Lower), CliJson.Metric(b.MacroAuroc.Upper) } : null,
                excluded = r.ExcludedLabels,
                labels = r.Labels.Select(l => new { name = l.Name, trainPositives = l.TrainPositives, l2 = l.L2, validationAuroc = CliJson.Metric(l.ValidationAuroc), testAuroc = CliJson.Metric(l.TestAuroc), excluded = l.ExclusionReason }),
            }),
        };
        if (result.GetValue(_out) is { } o)
        {
            CliJson.WriteFile(Path.Combine(o, SummaryFileName), summary);
            output.Info($"Wrote {Path.Combine(o, SummaryFileName)}");
        }
        output.Result(summary);
        return CliApp.Ok;
    }
}
