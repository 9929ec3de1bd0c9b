using System.CommandLine;
using FgClep.Enrichment.Proposers;
using FgClep.IO;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary><c>fgclep enrich kb</c>: proposals from the built-in knowledge base of ECG statements (offline, deterministic) or a table of your own.</summary>
internal sealed class EnrichKnowledgeBaseCommand : EnrichCommand
{
    private readonly Option<string?> _table = new("--table") { Description = "A knowledge-base JSON table of your own (same layout as the built-in one); default: the built-in table.", HelpName = "FILE" };

    public EnrichKnowledgeBaseCommand() : base("kb", "Propose waveform features from the built-in knowledge base (no LLM needed), verify them with the stage-1 model, write fine-grained reports.",
        "fgclep enrich kb --synthetic 2000 --clep runs/clep/model.fgclep --out runs/enrich",
        "fgclep enrich kb --ptbxl data/ptbxl --clep runs/ptbxl-clep/model.fgclep --threshold 0.6 --top-k 3 --out runs/ptbxl-enrich")
    {
        Add(_table);
    }

    protected override IWaveformFeatureProposer CreateProposer(ParseResult result, CliOutput output)
    {
        if (result.GetValue(_table) is not { } path) return KnowledgeBaseProposer.Default;
        if (!File.Exists(path)) throw new CliUsageException($"--table '{path}' does not exist", "Give a knowledge-base JSON file, or leave --table out for the built-in one");
        using var stream = RegularFile.OpenRead(path);
        try
        {
            return new KnowledgeBaseProposer(stream, "knowledge-base:" + Path.GetFileName(path));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or ArgumentException)
        {
            throw new CliUsageException($"--table '{path}' is not a valid knowledge-base table ({e.Message})", "Follow the layout of the built-in table (see the README)");
        }
    }
}
