using System.Text.Json;
using System.Text.Json.Serialization;

namespace FgClep.Modeling.Serialization;

/// <summary>JSON settings for options and configuration files written by FgClep.</summary>
internal static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Reads the top-level <c>FormatVersion</c> of a configuration file and refuses a missing one or one newer than
    /// <paramref name="readable"/>, naming the file, the entry and the kind of file (e.g. "package").
    /// </summary>
    /// <exception cref="InvalidDataException">No numeric version, or a newer one.</exception>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static void CheckFormatVersion(string json, int readable, string sourceName, string entryName, string kind)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("FormatVersion", out var v) || v.ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"'{sourceName}' has no format version in {entryName}.");
        if (v.GetInt32() > readable)
            throw new InvalidDataException($"'{sourceName}' has {kind} format {v.GetInt32()}; this FgClep reads up to {readable}. Update FgClep.");
    }
}
