using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FgClep.Cli.Infrastructure;

/// <summary>The standard help, followed by the command's examples.</summary>
internal sealed class ExamplesHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int code = standard.Invoke(parseResult);
        if (parseResult.CommandResult.Command is FgClepCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples) output.WriteLine($"  {example}");
            output.WriteLine();
        }
        return code;
    }
}
