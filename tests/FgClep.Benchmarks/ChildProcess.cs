using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FgClep.Benchmarks;

/// <summary>
/// Runs a hidden benchmark command in a child process (this executable, re-invoked) and reads the one result line it
/// prints. Peak resident memory (VmHWM) cannot be reset, so each measurement of it needs a process of its own.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Prints <paramref name="result"/> as the line <see cref="Run{T}"/> looks for.</summary>
    public static void WriteResult<T>(string prefix, T result) => Console.WriteLine(prefix + JsonSerializer.Serialize(result));

    /// <summary>Runs <c>this-executable <paramref name="arguments"/></c> and returns the result it printed after <paramref name="prefix"/>.</summary>
    public static T Run<T>(string prefix, IEnumerable<string> arguments, TimeSpan limit)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this executable to re-invoke it.");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under "dotnet FgClep.Benchmarks.dll" the process is the host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        string command = string.Join(' ', start.ArgumentList);

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var output = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(limit))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child '{command}' did not finish in {limit.TotalMinutes:0} minutes.");
        }
        var line = output.Result.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"The child '{command}' exited {child.ExitCode} without a result:\n{output.Result}");
        if (child.ExitCode != 0) throw new InvalidOperationException($"The child '{command}' exited {child.ExitCode}:\n{output.Result}");
        return JsonSerializer.Deserialize<T>(line[prefix.Length..])!;
    }

    /// <summary>VmHWM from /proc/self/status (exact peak RSS on Linux); elsewhere the runtime's peak working set.</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
}
