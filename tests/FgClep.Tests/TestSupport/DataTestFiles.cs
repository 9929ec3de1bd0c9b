using FgClep.IO;

namespace FgClep.Tests.TestSupport;

/// <summary>Scratch folders for tests that write their own input files (removed at process exit).</summary>
internal static class DataTestFiles
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"fgclep-data-tests-{Environment.ProcessId}");

    static DataTestFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    };

    public static string NewDirectory()
    {
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Writes a WFDB record in format 16 (<c>name.hea</c> + <c>name.dat</c>, 16-bit little-endian, interleaved) with the given
    /// gain (adu/mV) and header comment lines; returns the record path without extension.
    /// </summary>
    public static string WriteWfdb16(string directory, string name, IReadOnlyList<string> leads, int samplingRate, short[][] samples,
        double gain = 1000, IEnumerable<string>? comments = null)
    {
        int n = samples[0].Length;
        var header = new System.Text.StringBuilder();
        header.Append(System.FormattableString.Invariant($"{name} {leads.Count} {samplingRate} {n}\n"));
        for (int l = 0; l < leads.Count; l++)
        {
            short checksum = unchecked((short)samples[l].Sum(v => (int)v));
            header.Append(System.FormattableString.Invariant($"{name}.dat 16 {gain}/mV 16 0 {samples[l][0]} {checksum} 0 {leads[l]}\n"));
        }
        foreach (var c in comments ?? Array.Empty<string>()) header.Append('#').Append(c).Append('\n');
        File.WriteAllText(Path.Combine(directory, name + ".hea"), header.ToString());
        var bytes = new byte[leads.Count * n * 2];
        for (int s = 0; s < n; s++)
            for (int l = 0; l < leads.Count; l++)
                System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((s * leads.Count + l) * 2), samples[l][s]);
        File.WriteAllBytes(Path.Combine(directory, name + ".dat"), bytes);
        return Path.Combine(directory, name);
    }

    /// <summary>A 12-lead test signal: lead l, sample s = (l + 1) * 10 + s % 50 (adu).</summary>
    public static short[][] TwelveLeadSamples(int n)
        => Enumerable.Range(0, 12).Select(l => Enumerable.Range(0, n).Select(s => (short)((l + 1) * 10 + s % 50)).ToArray()).ToArray();

    /// <summary>A record reader that fabricates a small record for any path and logs the paths asked for.</summary>
    public static Func<string, EcgRecord> FakeReader(List<string> log)
        => path =>
        {
            lock (log) log.Add(path);
            return new EcgRecord(Path.GetFileName(path), new float[12 * 4], StandardLeads.Twelve, 100);
        };
}
