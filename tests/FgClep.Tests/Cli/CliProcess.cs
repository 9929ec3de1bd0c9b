using System.Diagnostics;
using System.Runtime.InteropServices;
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
    /// <remarks>
    /// Output is read on a thread of its own and the signal sent with kill(2), whose result is checked. A process that
    /// ignores SIGINT from birth (a background job of a shell without job control, or <c>nohup</c>) passes that on to the
    /// tool, which then rightly keeps running: see <see cref="SigintIgnoredByInheritance"/>.
    /// </remarks>
    public static Result RunAndInterrupt(string workingDirectory, string marker, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var output = new StringBuilder();
        using var seen = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                lock (output) output.AppendLine(line);
                if (line.Contains(marker, StringComparison.Ordinal)) seen.Set();
            }
        }) { IsBackground = true };
        reader.Start();
        var error = process.StandardError.ReadToEndAsync();
        if (!seen.Wait(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{marker}' did not appear within {timeout}:\n{output}");
        }
        Assert.AreEqual(0, Kill(process.Id, SignalInterrupt), $"kill(2) could not signal the tool (errno {Marshal.GetLastPInvokeError()})");
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fgclep did not stop within {timeout} of Ctrl+C:\n{output}");
        }
        process.WaitForExit();
        reader.Join();
        return new Result(process.ExitCode, output.ToString(), error.Result);
    }

    private const int SignalInterrupt = 2; // SIGINT on Linux and macOS

    /// <summary>
    /// Whether this process was started with SIGINT ignored (Linux: bit 1 of <c>SigIgn</c> in <c>/proc/self/status</c>). A
    /// child inherits an ignored signal, and .NET keeps it ignored, so Ctrl+C cannot reach the tool from here.
    /// </summary>
    public static bool SigintIgnoredByInheritance()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
               && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out ulong mask)
               && (mask & (1UL << (SignalInterrupt - 1))) != 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
