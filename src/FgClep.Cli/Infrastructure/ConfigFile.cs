using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FgClep.IO;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Merges a <c>--config</c> JSON file into the command line: every key names an option of the command (without the
/// dashes); a value is used only when the option is not given on the command line, so flags always win.
/// </summary>
internal static class ConfigFile
{
    public static string[] Merge(string[] args, ParseResult parsed, FgClepCommand command)
    {
        var path = parsed.GetValue(command.ConfigOption);
        if (path is null) return args;
        if (!File.Exists(path))
            throw new CliUsageException($"config file '{path}' does not exist", "Give the path of a JSON file of option values, e.g. one written as <command>.config.json");

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(RegularFile.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"config file '{path}' is not valid JSON ({e.Message})", "Fix the file: one JSON object of option names and values");
        }
        catch (NotARegularFileException e)
        {
            throw new CliUsageException(e.Message, "Give the path of a JSON file of option values");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new CliUsageException($"config file '{path}' holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object",
                "Write one object, e.g. {\"epochs\": 4}");

        var options = command.ConfigurableOptions.ToDictionary(FgClepCommand.OptionKey, StringComparer.Ordinal);
        var extra = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!options.TryGetValue(property.Name, out var option))
                throw new CliUsageException($"config file '{path}' sets '{property.Name}', which is not an option of '{command.Name}'",
                    $"Valid names: {string.Join(", ", options.Keys.Order(StringComparer.Ordinal))}");
            if (parsed.GetResult(option) is { Implicit: false }) continue;
            foreach (var value in Values(property.Value, path, property.Name))
            {
                extra.Add(option.Name);
                extra.Add(value);
            }
        }
        return args.Concat(extra).ToArray();
    }

    private static IEnumerable<string> Values(JsonElement value, string path, string name) => value.ValueKind switch
    {
        JsonValueKind.String => new[] { value.GetString()! },
        JsonValueKind.Number => new[] { value.GetRawText() },
        JsonValueKind.True => new[] { "true" },
        JsonValueKind.False => new[] { "false" },
        JsonValueKind.Null => Array.Empty<string>(),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(v => Values(v, path, name)).ToArray(),
        _ => throw new CliUsageException(
            string.Create(CultureInfo.InvariantCulture, $"config file '{path}': '{name}' is a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
            "Use a string, number, true/false or a list of those"),
    };
}
