using System.Text.Json;
using System.Text.Json.Serialization;

namespace FgClep.Modeling;

/// <summary>JSON settings for options and configuration files written by FgClep.</summary>
internal static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
