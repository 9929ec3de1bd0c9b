using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Datasets.Challenge;

/// <summary>
/// Reads the <c># Key: value</c> comment lines of a PhysioNet Challenge header (<c>#Age: 74</c>, <c>#Dx: 164889003,59118001</c>, ...).
/// Only comments are read; the signal description is left to <see cref="WfdbRecordReader"/>.
/// </summary>
internal static class PhysioNetChallengeHeaderComments
{
    public static Dictionary<string, string> Read(string headerPath)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        RegularFile.Check(headerPath);
        foreach (var raw in File.ReadLines(headerPath))
        {
            var line = raw.Trim();
            if (!line.StartsWith('#')) continue;
            var body = line.TrimStart('#').Trim();
            int colon = body.IndexOf(':');
            if (colon <= 0) continue;
            result.TryAdd(body[..colon].Trim(), body[(colon + 1)..].Trim());
        }
        return result;
    }

    /// <summary>The SNOMED-CT codes of a <c>Dx</c> value (comma separated; empty entries skipped).</summary>
    public static IReadOnlyList<string> DxCodes(IReadOnlyDictionary<string, string> comments)
        => comments.TryGetValue("Dx", out var dx)
            ? dx.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();
}
