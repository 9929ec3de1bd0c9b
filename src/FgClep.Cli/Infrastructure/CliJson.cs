using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FgClep.Cli.Infrastructure;

/// <summary>The one JSON style of the tool's files and <c>--json</c> output: indented, camelCase, NaN as null.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes a JSON file atomically (temporary file, then rename), so a crash never leaves half a file.</summary>
    public static void WriteFile(string path, object? value)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, Serialize(value) + Environment.NewLine);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A metric for JSON: rounded to 4 decimals, NaN (undefined) as null.</summary>
    public static double? Metric(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;
}
