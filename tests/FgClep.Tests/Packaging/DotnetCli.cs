using System.Diagnostics;
using System.Text;

namespace FgClep.Tests.Packaging;

/// <summary>Runs the dotnet executable as a child process with a time limit, capturing stdout and stderr together.</summary>
internal static class DotnetCli
{
    /// <summary>DOTNET_HOST_PATH when set (the SDK sets it for child tools), else the muxer running this process, else <c>dotnet</c> on PATH.</summary>
    public static string Executable { get; } = Locate();

    /// <summary>The folder of the dotnet executable with symbolic links resolved (the runtime's root), or null when only a bare name is known.</summary>
    private static string? DotnetRoot { get; } = LocateRoot();

    private static string? LocateRoot()
    {
        if (!Path.IsPathRooted(Executable) || !File.Exists(Executable)) return null;
        var target = new FileInfo(Executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Executable;
        return Path.GetDirectoryName(target);
    }

    private static string Locate()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. Fails the test, with the
    /// output so far, when the process outlives <paramref name="timeout"/> or the test is cancelled (the process tree is killed).
    /// </summary>
    public static Task<DotnetRun> RunAsync(string workingDirectory, TimeSpan timeout, CancellationToken cancellation, params string[] arguments) =>
        RunProgramAsync(Executable, workingDirectory, timeout, cancellation, arguments);

    /// <summary>
    /// Runs <paramref name="program"/> (e.g. an installed tool's launcher) like <see cref="RunAsync"/>, with DOTNET_ROOT set to
    /// the folder of the dotnet executable so that an app host finds the same runtime.
    /// </summary>
    public static async Task<DotnetRun> RunProgramAsync(string program, string workingDirectory, TimeSpan timeout, CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A test host started by `dotnet test` inherits MSBuild's variables; the child must pick its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (DotnetRoot is { } root) start.Environment["DOTNET_ROOT"] = root;

        var command = $"{(program == Executable ? "dotnet" : program)} {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            string partial;
            lock (output) partial = output.ToString();
            Assert.Fail($"'{command}' in {workingDirectory} did not finish within {timeout.TotalSeconds:F0} s (or the test was cancelled) and was killed. Output so far:\n{DotnetRun.Tail(partial)}");
        }
        string text;
        lock (output) text = output.ToString();
        return new DotnetRun(command, process.ExitCode, text, clock.Elapsed);
    }
}
