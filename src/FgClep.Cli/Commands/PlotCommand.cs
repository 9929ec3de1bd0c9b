using System.CommandLine;
using System.Globalization;
using FgClep.Datasets;
using FgClep.Inference;
using FgClep.Plots;
using FgClep.Training;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep plot</c>: t-SNE of ECG embeddings, report–report similarity heatmap, zero-shot ROC curves and the training
/// loss curve, each as PNG and SVG. By default every kind that the given model, data and training file allow.
/// </summary>
internal sealed class PlotCommand : FgClepCommand
{
    public const string Tsne = "tsne", Heatmap = "heatmap", Roc = "roc", Loss = "loss";

    private static readonly string[] Kinds = [Tsne, Heatmap, Roc, Loss];

    private readonly DataSourceOptions _data;
    private readonly Option<string?> _model = new("--model", "-m") { Description = "A trained model package (.fgclep), as written by 'fgclep pretrain'; needed by tsne, heatmap and roc.", HelpName = "FILE" };
    private readonly Option<string> _out = new("--out", "-o") { Description = "Output folder: <kind>.png and <kind>.svg per figure, and plot.config.json.", Required = true, HelpName = "DIR" };
    private readonly Option<string[]> _kind = new("--kind") { Description = "Figures to draw: tsne, heatmap, roc, loss (repeat or list several; default: every kind that applies).", AllowMultipleArgumentsPerToken = true, HelpName = "KIND" };
    private readonly Option<string?> _training = new("--training") { Description = $"The {PretrainOutputs.TrainingFileName} of 'fgclep pretrain' for the loss curve (default: the one next to --model, if any).", HelpName = "FILE" };
    private readonly Option<int> _tsnePoints = new("--tsne-points") { Description = "t-SNE of at most this many ECGs (the first ones of the selection); exact t-SNE grows with the square of the count.", DefaultValueFactory = _ => 1000, HelpName = "N" };
    private readonly Option<int> _tsneIterations = new("--tsne-iterations") { Description = "t-SNE gradient-descent iterations.", DefaultValueFactory = _ => 1000, HelpName = "N" };
    private readonly Option<int> _heatmapReports = new("--heatmap-reports") { Description = "The heatmap compares the first N distinct reports of the selection.", DefaultValueFactory = _ => 12, HelpName = "N" };
    private readonly Option<string?> _font = new("--font") { Description = "A TrueType/OpenType font file for the figures' text (needed where no font is installed).", HelpName = "FILE" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the t-SNE layout.", DefaultValueFactory = _ => 1, HelpName = "N" };

    public PlotCommand() : base("plot", "Draw figures of a model and a data set: t-SNE of ECG embeddings, report similarity heatmap, zero-shot ROC curves, training loss (PNG and SVG).",
        "fgclep plot --model runs/clep/model.fgclep --synthetic 2000 --out runs/clep/plots",
        "fgclep plot -m runs/ptbxl/model.fgclep --ptbxl data/ptbxl --task rhythm --kind roc tsne --out plots",
        "fgclep plot --training runs/clep/training.json --kind loss --out plots",
        "fgclep plot -m runs/clep --wfdb data/records --kind tsne --tsne-points 500 --font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf --out plots")
    {
        Add(_model, _out, _kind, _training, _tsnePoints, _tsneIterations, _heatmapReports, _font, _seed);
        _tsnePoints.Whole(2, Plots.Tsne.MaxPoints);
        _tsneIterations.Whole(1);
        _heatmapReports.Whole(1);
        _seed.Whole();
        _data = new DataSourceOptions(this, DataSourceOptions.Test);
        _kind.OneOf(Kinds);
    }

    private sealed record Figure(string Kind, string Png, string Svg, string Title);

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        var requested = result.GetValue(_kind) is { Length: > 0 } kinds ? kinds.Distinct(StringComparer.Ordinal).ToArray() : null;
        string? modelPath = result.GetValue(_model);
        string? trainingPath = TrainingFile(result, modelPath);
        CheckNumbers(result);

        var wanted = requested ?? Kinds.Where(k => k == Loss ? trainingPath is not null : modelPath is not null).ToArray();
        if (wanted.Length == 0)
            throw new CliUsageException("nothing to plot: no --model and no training file", "Give --model FILE with a data source, and/or --training OUT/training.json");
        if (modelPath is null && wanted.FirstOrDefault(k => k != Loss) is { } needsModel)
            throw new CliUsageException($"--kind {needsModel} needs --model", "Give the model package written by 'fgclep pretrain' (OUT/model.fgclep)");
        if (wanted.Contains(Loss) && trainingPath is null)
            throw new CliUsageException("--kind loss needs a training file", $"Give --training OUT/{PretrainOutputs.TrainingFileName}, or a --model whose folder holds one");

        var figures = new List<Figure>();
        var skipped = new List<object>();
        // Read the training file before any long work, so a bad one fails at once.
        IReadOnlyList<TrainingProgress>? history = null;
        if (wanted.Contains(Loss))
        {
            try
            {
                history = TrainingHistoryFile.Read(trainingPath!, "--training");
            }
            catch (CliUsageException e) when (requested is null && result.GetValue(_training) is null)
            {
                // Found beside the model rather than asked for: draw the other figures.
                output.Warn($"skipping the loss curve: {e.Message}");
                skipped.Add(new { kind = Loss, reason = e.Message });
            }
        }

        UseFont(result.GetValue(_font));
        string outDir = result.GetValue(_out)!;
        Directory.CreateDirectory(outDir);
        string config = SaveEffectiveConfig(result, outDir);

        if (wanted.Any(k => k != Loss))
        {
            using var model = ModelFile.Load(modelPath!);
            var loaded = _data.Load(result, _data.SplitOf(result), model.Preprocessing);
            var rows = loaded.Read(output, cancellationToken);
            // ROC curves score every record; t-SNE alone needs only the records it shows.
            int embed = wanted.Contains(Roc) ? rows.Count : wanted.Contains(Tsne) ? Math.Min(rows.Count, result.GetValue(_tsnePoints)) : 0;
            var embeddings = embed > 0 ? EmbeddingProgress.EmbedSignals(model, rows.Signals.Take(embed).ToArray(), output, cancellationToken) : [];
            if (wanted.Contains(Tsne)) figures.Add(DrawTsne(result, embeddings, rows, outDir, output, cancellationToken));
            if (wanted.Contains(Heatmap)) figures.Add(DrawHeatmap(result, model, rows, outDir, output));
            if (wanted.Contains(Roc))
            {
                string? why = WhyNoRoc(rows);
                if (why is null) figures.Add(DrawRoc(model, embeddings, rows, DataPrompts.Classes(loaded)!, outDir));
                else if (requested is not null) throw new CliUsageException($"--kind roc: {why}", "Use a labelled source (--ptbxl, --challenge, --synthetic N) with enough records, or leave out --kind roc");
                else
                {
                    output.Info($"Skipping ROC curves: {why}");
                    skipped.Add(new { kind = Roc, reason = why });
                }
            }
        }
        if (history is not null) figures.Add(DrawLoss(history, outDir));

        foreach (var f in figures) output.Info($"Wrote {f.Png} and {f.Svg} ({f.Title})");
        output.Result(new
        {
            @out = outDir,
            config,
            figures = figures.Select(f => new { kind = f.Kind, png = f.Png, svg = f.Svg, title = f.Title }),
            skipped,
        });
        return CliApp.Ok;
    }

    private string? TrainingFile(ParseResult result, string? modelPath)
    {
        if (result.GetValue(_training) is { } given) return given;
        if (modelPath is null) return null;
        string folder = Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        string next = Path.Combine(folder, PretrainOutputs.TrainingFileName);
        return File.Exists(next) ? next : null;
    }

    private void CheckNumbers(ParseResult result)
    {
        if (result.GetValue(_tsnePoints) is < 2 or > Plots.Tsne.MaxPoints)
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--tsne-points must lie in [2, {Plots.Tsne.MaxPoints}]"), "Exact t-SNE keeps an n × n matrix; e.g. --tsne-points 1000");
        if (result.GetValue(_tsneIterations) < 1) throw new CliUsageException("--tsne-iterations must be at least 1", "e.g. --tsne-iterations 1000");
        if (result.GetValue(_heatmapReports) < 1) throw new CliUsageException("--heatmap-reports must be at least 1", "e.g. --heatmap-reports 12");
    }

    /// <summary>Registers <c>--font</c>, then draws a tiny figure so a machine without fonts fails here, before any long work.</summary>
    private static void UseFont(string? fontPath)
    {
        if (fontPath is not null)
        {
            if (!File.Exists(fontPath)) throw new CliUsageException($"--font file '{fontPath}' does not exist", "Give a .ttf or .otf file, e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
            try { EcgPlots.UseFontFile(fontPath); }
            catch (ArgumentException) { throw new CliUsageException($"--font '{fontPath}' is not a font file that can be read", "Give a TrueType (.ttf) or OpenType (.otf) font file"); }
        }
        try
        {
            using var probe = EcgPlots.TrainingLoss([1.0]);
        }
        catch (InvalidOperationException)
        {
            throw new CliUsageException("no usable font was found, so the figures' titles, axes and legends cannot be drawn",
                "Install a TrueType font (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass --font FILE.ttf");
        }
    }

    private Figure DrawTsne(ParseResult result, IReadOnlyList<float[]> all, EcgRows rows, string outDir, CliOutput output, CancellationToken cancellationToken)
    {
        int count = Math.Min(rows.Count, result.GetValue(_tsnePoints));
        var embeddings = all.Take(count).ToArray();
        // Colour by the first positive class; records without any are "none", sources without labels are unlabelled.
        var labels = Enumerable.Range(0, count).Select(i => rows.Labels is null || rows.ClassNames is null
            ? null
            : rows.ClassNames.Where((_, c) => rows.Labels[i][c] > 0.5f).FirstOrDefault() ?? "none").ToArray();
        output.Info(string.Create(CultureInfo.InvariantCulture, $"Running t-SNE on {count} ECG embeddings{(count < rows.Count ? $" (first {count} of {rows.Count}; see --tsne-points)" : "")}"));
        int iterations = result.GetValue(_tsneIterations);
        var options = new TsneOptions { Iterations = iterations, ExaggerationIterations = Math.Min(250, iterations / 4), Seed = result.GetValue(_seed) };
        string title = string.Create(CultureInfo.InvariantCulture, $"t-SNE of {count} ECG embeddings");
        using var figure = EcgPlots.TsneScatter(embeddings, labels, options, title, cancellationToken);
        return Save(figure, Tsne, outDir, title);
    }

    private Figure DrawHeatmap(ParseResult result, ClepEncoder model, EcgRows rows, string outDir, CliOutput output)
    {
        var reports = rows.Reports.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)
            .Take(result.GetValue(_heatmapReports)).ToArray();
        if (reports.Length == 0) throw new CliUsageException("--kind heatmap: the selected records have no reports", "Use a source with reports, or leave out --kind heatmap");
        output.Info(string.Create(CultureInfo.InvariantCulture, $"Comparing {reports.Length} distinct reports"));
        string title = string.Create(CultureInfo.InvariantCulture, $"Report–report similarity ({reports.Length} distinct reports)");
        using var figure = EcgPlots.SimilarityHeatmap(model.EmbedTexts(reports), reports, title);
        return Save(figure, Heatmap, outDir, title);
    }

    /// <summary>Why no ROC curve can be drawn for these rows, or null when at least one class has positives and negatives.</summary>
    private static string? WhyNoRoc(EcgRows rows)
    {
        if (rows.Labels is null || rows.ClassNames is not { Count: > 0 } names) return "the data source has no labels";
        bool anyDefined = Enumerable.Range(0, names.Count).Any(c =>
            rows.Labels.Any(l => l[c] > 0.5f) && rows.Labels.Any(l => l[c] <= 0.5f));
        return anyDefined ? null : string.Create(CultureInfo.InvariantCulture, $"no class has both positive and negative records among the {rows.Count} selected");
    }

    private static Figure DrawRoc(ClepEncoder model, IReadOnlyList<float[]> embeddings, EcgRows rows, IReadOnlyList<ZeroShotClass> classes, string outDir)
    {
        var scores = new ZeroShotClassifier(model, classes).ScoreLogitsAll(embeddings);
        var labels = rows.Labels!.SelectMany(l => l).Select(v => v > 0.5f ? 1f : 0f).ToArray();
        using var figure = EcgPlots.RocCurves(scores, labels, classes.Select(c => c.Name).ToArray());
        return Save(figure, Roc, outDir, figure.Plot.Axes.Title.Label.Text);
    }

    private static Figure DrawLoss(IReadOnlyList<TrainingProgress> history, string outDir)
    {
        using var figure = EcgPlots.TrainingLoss(history, "Training loss");
        return Save(figure, Loss, outDir, "Training loss");
    }

    private static Figure Save(EcgFigure figure, string kind, string outDir, string title)
    {
        string png = Path.Combine(outDir, kind + ".png"), svg = Path.Combine(outDir, kind + ".svg");
        figure.SavePng(png);
        figure.SaveSvg(svg);
        return new Figure(kind, png, svg, title);
    }
}
