using System.CommandLine;
using System.Text.Json;
using FgClep.IO;

namespace FgClep.Cli.Infrastructure;

/// <summary>An effective-config file as comparable text values (JSON of each value), to tell whether two runs had the same settings.</summary>
internal static class EffectiveConfig
{
    public static Dictionary<string, string?> Of(FgClepCommand command, ParseResult result) =>
        command.Values(result).ToDictionary(kv => kv.Key, kv => kv.Value is null ? null : JsonSerializer.Serialize(kv.Value, CliJson.Options), StringComparer.Ordinal);

    /// <summary>The values of a file written by <see cref="FgClepCommand"/>, or null when it is absent or unreadable.</summary>
    public static Dictionary<string, string?>? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(RegularFile.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.Null ? null : JsonSerializer.Serialize(p.Value, CliJson.Options), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
