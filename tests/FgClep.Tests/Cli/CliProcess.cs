using System.Diagnostics;
using System.Text;

namespace FgClep.Tests.Cli;

/// <summary>Runs the built <c>fgclep</c> tool (FgClep.Cli.dll next to the tests) as a separate process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "FgClep.Cli.dll");

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ToolPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, TimeSpan.FromMinutes(5), args);

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fgclep {string.Join(' ', args)} did not finish within {timeout}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the tool, waits for a line of output containing <paramref name="marker"/>, then sends SIGINT (Ctrl+C).</summary>
    public static Result RunAndInterrupt(string workingDirectory, string marker, TimeSpan timeout, params string[] args)
    {
        using var process = new Process { StartInfo = StartInfo(workingDirectory, args) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        var seen = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains(marker, StringComparison.Ordinal)) seen.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!seen.Task.Wait(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{marker}' did not appear within {timeout}:\n{output}\n{error}");
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill", $"-INT {process.Id}") { UseShellExecute = false })!) kill.WaitForExit();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fgclep did not stop within {timeout} of Ctrl+C:\n{output}\n{error}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), error.ToString());
    }
}
