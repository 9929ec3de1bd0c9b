using System.Text.Json;
using FgClep.Enrichment;
using FgClep.IO;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// The JSON-lines file 'fgclep enrich' writes (one object per record: recordId, report, candidateFeatures,
/// verifiedFeatures, fineGrainedReport) and 'fgclep pretrain --reports' reads.
/// </summary>
internal static class FineGrainedReportsFile
{
    public const string FileName = "fine-grained-reports.jsonl";

    public sealed record Entry(string RecordId, string Report, IReadOnlyList<string> CandidateFeatures,
        IReadOnlyList<string> VerifiedFeatures, string FineGrainedReport);

    private static readonly JsonSerializerOptions LineOptions = new(CliJson.Options) { WriteIndented = false };

    public static void Write(string path, IEnumerable<Entry> entries)
    {
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp))
            foreach (var e in entries) writer.WriteLine(JsonSerializer.Serialize(e, LineOptions));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Fine-grained report by record id; a usage error names the file and line of anything malformed.</summary>
    public static Dictionary<string, string> ReadReports(string path)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"--reports file '{path}' does not exist", $"Run 'fgclep enrich ... --out DIR' first and pass DIR/{FileName}");
        var reports = new Dictionary<string, string>(StringComparer.Ordinal);
        RegularFile.Check(path);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            Entry? entry;
            try { entry = JsonSerializer.Deserialize<Entry>(line, LineOptions); }
            catch (JsonException e) { throw Malformed(path, lineNumber, e.Message); }
            if (entry is null || string.IsNullOrEmpty(entry.RecordId) || entry.FineGrainedReport is null)
                throw Malformed(path, lineNumber, "recordId and fineGrainedReport are required");
            reports[entry.RecordId] = entry.FineGrainedReport;
        }
        return reports;
    }

    private static CliUsageException Malformed(string path, int line, string problem) =>
        new($"--reports file '{path}', line {line}: {problem}", $"Re-run 'fgclep enrich' to rewrite {FileName}");
}
