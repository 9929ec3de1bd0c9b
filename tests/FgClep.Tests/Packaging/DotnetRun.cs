namespace FgClep.Tests.Packaging;

/// <summary>The outcome of one <see cref="DotnetCli"/> run: exit code, combined stdout/stderr and duration.</summary>
internal sealed record DotnetRun(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    private const int MaxOutputChars = 20_000;

    /// <summary>Fails the test with the command's output when it exited non-zero.</summary>
    public DotnetRun EnsureSuccess()
    {
        if (ExitCode != 0) Assert.Fail($"'{Command}' exited with code {ExitCode} after {Elapsed.TotalSeconds:F1} s. Output:\n{Tail(Output)}");
        return this;
    }

    /// <summary>The last part of <paramref name="output"/>, where build errors and exceptions end up.</summary>
    public static string Tail(string output) =>
        output.Length <= MaxOutputChars ? output : "[...]\n" + output[^MaxOutputChars..];
}
