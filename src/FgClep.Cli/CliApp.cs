using System.CommandLine;
using System.CommandLine.Help;
using FgClep.Cli.Commands;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli;

/// <summary>
/// Builds the <c>fgclep</c> command tree and runs it. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input,
/// 130 interrupted (Ctrl+C; training keeps a checkpoint and the same command resumes).
/// </summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    /// <summary>The tool's name, as installed (<c>dotnet tool install FgClep.Cli</c> gives the command <c>fgclep</c>).</summary>
    public const string ToolName = "fgclep";

    public static Command BuildRoot()
    {
        // A plain command named after the tool: RootCommand would take its name from the assembly (FgClep.Cli).
        var root = new Command(ToolName, "fgclep: fine-grained ECG–text contrastive pre-training (FG-CLEP): pre-train, enrich reports, classify zero-shot, probe, retrieve, plot, export to ONNX.");
        root.Subcommands.Add(new InspectCommand());
        root.Subcommands.Add(new PretrainCommand());
        root.Subcommands.Add(EnrichCommands.Build());
        root.Subcommands.Add(new ZeroShotCommand());
        root.Subcommands.Add(new ProbeCommand());
        root.Subcommands.Add(new RetrieveCommand());
        root.Subcommands.Add(new PlotCommand());
        root.Subcommands.Add(new ExportOnnxCommand());
        root.Subcommands.Add(new BenchmarkCommand());
        var help = new HelpOption { Recursive = true };
        if (help.Action is HelpAction standard) help.Action = new ExamplesHelpAction(standard);
        root.Options.Add(help);
        root.Options.Add(new VersionOption());
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var result = root.Parse(args);
        if (result.CommandResult.Command is FgClepCommand command && result.Action is not ExamplesHelpAction && result.GetResult(command.ConfigOption) is { Implicit: false })
        {
            try
            {
                result = root.Parse(ConfigFile.Merge(args, result, command));
            }
            catch (CliUsageException e)
            {
                WriteError(error, e.Message, e.Advice);
                return BadInput;
            }
        }
        if (result.Errors.Count > 0 && result.Action is not { ClearsParseErrors: true })
        {
            foreach (var e in result.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine($"Run '{CommandPath(result)} --help' for usage and examples.");
            return BadInput;
        }
        // The asynchronous path is the one that turns Ctrl+C (SIGINT) and SIGTERM into the action's cancellation token.
        return result.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // A training step and its checkpoint must finish after Ctrl+C; the action returns as soon as they have.
            ProcessTerminationTimeout = TimeSpan.FromMinutes(5),
        }).GetAwaiter().GetResult();
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var r = result.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>Writes a one-line error: what went wrong and what to do.</summary>
    public static void WriteError(TextWriter error, string message, string advice)
        => error.WriteLine($"error: {message.ReplaceLineEndings(" ").TrimEnd('.')}. {advice}");
}
