namespace FgClep.Cli.Infrastructure;

/// <summary>A runtime failure the tool understands (exit code 1): what went wrong and what to do about it.</summary>
internal sealed class CliFailureException(string message, string advice, Exception? inner = null) : Exception(message, inner)
{
    public string Advice { get; } = advice;
}
