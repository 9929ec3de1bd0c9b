using System.CommandLine;

namespace FgClep.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("fgclep: fine-grained ECG–text contrastive pre-training (FG-CLEP) tools.");
        return root.Parse(args).Invoke();
    }
}
