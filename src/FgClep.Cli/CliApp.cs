using System.CommandLine;
using FgClep.Cli.Commands;

namespace FgClep.Cli;

/// <summary>Builds the <c>fgclep</c> command tree and runs it. Exit codes: 0 ok, 1 unexpected failure, 2 bad input.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("fgclep: fine-grained ECG–text contrastive pre-training (FG-CLEP) tools.");
        root.Subcommands.Add(new InspectCommand());
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var result = BuildRoot().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var e in result.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'fgclep --help' for usage.");
            return BadInput;
        }
        return result.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Writes a one-line error: what went wrong and what to do.</summary>
    public static void WriteError(TextWriter error, string message, string advice)
        => error.WriteLine($"error: {message.ReplaceLineEndings(" ").TrimEnd('.')}. {advice}");
}
