using System.CommandLine;
using System.Globalization;
using FgClep.Evaluation;
using Spectre.Console;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep retrieve "query"</c>: embeds a text query and the selected ECGs and lists the ECGs that match best, ranked by
/// the model's P = σ(exp(t')·cos + b).
/// </summary>
internal sealed class RetrieveCommand : FgClepCommand
{
    private readonly DataSourceOptions _data;
    private readonly Argument<string> _query = new("query") { Description = "What to look for, in the words of a report, e.g. \"atrial fibrillation\"." };
    private readonly Option<string> _model = ModelFile.Option();
    private readonly Option<int> _top = new("--top", "-k") { Description = "How many ECGs to list.", DefaultValueFactory = _ => 5, HelpName = "K" };

    public RetrieveCommand() : base("retrieve", "Find the ECGs that best match a text query: rank, record id, probability P = σ(exp(t')·cos + b) and report.",
        "fgclep retrieve \"atrial fibrillation\" --model runs/clep/model.fgclep --synthetic 2000",
        "fgclep retrieve \"complete left bundle branch block\" --model runs/ptbxl/model.fgclep --ptbxl data/ptbxl --top 10",
        "fgclep retrieve \"sinus bradycardia\" -m runs/clep --challenge data/cpsc2018 --split all --json")
    {
        Arguments.Add(_query);
        Add(_model, _top);
        _top.Whole(1);
        _data = new DataSourceOptions(this, DataSourceOptions.Test);
    }

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        string query = result.GetValue(_query) ?? "";
        if (string.IsNullOrWhiteSpace(query))
            throw new CliUsageException("the query is empty", "Give the text to look for, e.g. fgclep retrieve \"atrial fibrillation\" ...");
        int top = result.GetValue(_top);
        if (top < 1) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--top {top} lists nothing"), "Give --top 1 or more");

        using var model = ModelFile.Load(result.GetValue(_model)!);
        var rows = _data.Load(result, _data.SplitOf(result), model.Preprocessing).Read(output, cancellationToken);
        var gallery = EmbeddingProgress.EmbedSignals(model, rows.Signals, output, cancellationToken);
        var hits = new Retrieval(model, gallery, rows.Ids).Search(query.Trim(), top);

        var listed = hits.Select((hit, rank) => new
        {
            rank = rank + 1,
            recordId = hit.RecordId,
            probability = Math.Round((double)hit.Probability, 6),
            logit = Math.Round((double)hit.Logit, 4),
            report = rows.Reports[hit.Index],
            labels = PositiveClasses(rows, hit.Index),
        }).ToArray();

        output.Info(string.Create(CultureInfo.InvariantCulture, $"Top {listed.Length} of {rows.Count} ECGs for \"{query.Trim()}\":"));
        var table = new Table().AddColumns("Rank", "Record", "P", "Report");
        if (rows.ClassNames is not null) table.AddColumn("Labels");
        foreach (var hit in listed)
        {
            var cells = new List<string>
            {
                hit.rank.ToString(CultureInfo.InvariantCulture), hit.recordId ?? "", Probability(hit.probability), hit.report,
            };
            if (rows.ClassNames is not null) cells.Add(string.Join(", ", hit.labels ?? []));
            table.AddRow(cells.Select(text => new Text(text)));
        }
        output.Table(table);
        output.Result(new { query = query.Trim(), records = rows.Count, top, hits = listed });
        return CliApp.Ok;
    }

    /// <summary>Four decimals, or scientific notation for the small probabilities of a barely trained model (so they still differ).</summary>
    private static string Probability(double p) => p.ToString(p >= 1e-3 ? "0.0000" : "0.00e+0", CultureInfo.InvariantCulture);

    private static string[]? PositiveClasses(EcgRows rows, int index) =>
        rows.Labels is null || rows.ClassNames is null
            ? null
            : rows.ClassNames.Where((_, c) => rows.Labels[index][c] > 0.5f).ToArray();
}
