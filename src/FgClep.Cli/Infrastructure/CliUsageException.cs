namespace FgClep.Cli.Infrastructure;

/// <summary>Bad usage or bad input (exit code 2): what is wrong and what to do about it.</summary>
internal sealed class CliUsageException(string message, string advice) : Exception(message)
{
    public string Advice { get; } = advice;
}
