using System.CommandLine;

namespace FgClep.Cli.Commands;

/// <summary>The <c>enrich</c> command group: one subcommand per proposer.</summary>
internal static class EnrichCommands
{
    public static Command Build()
    {
        var enrich = new Command("enrich", "Stage-2 data: propose waveform features per report (kb | gguf | openai), keep those the stage-1 model confirms on the ECG, write fine-grained reports.");
        enrich.Subcommands.Add(new EnrichKnowledgeBaseCommand());
        enrich.Subcommands.Add(new EnrichGgufCommand());
        enrich.Subcommands.Add(new EnrichOpenAiCommand());
        return enrich;
    }
}
