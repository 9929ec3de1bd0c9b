using System.CommandLine;
using System.Reflection;
using FgClep.IO;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Base of the <c>fgclep</c> commands: the common options (<c>--config</c>, <c>--quiet</c>, <c>--json</c>), help examples,
/// the effective-config file written next to every output, and one mapping from failures to exit codes and advice.
/// </summary>
internal abstract class FgClepCommand : Command
{
    private readonly List<(Option Option, Func<ParseResult, object?> Value)> _configurable = new();

    protected FgClepCommand(string name, string description, params string[] examples) : base(name, description)
    {
        Examples = examples;
        Options.Add(ConfigOption);
        Options.Add(QuietOption);
        Options.Add(JsonOption);
        // The work runs off the invoking thread so that a Ctrl+C can be observed while it runs.
        SetAction((result, cancellationToken) => Task.Run(() => Invoke(result, cancellationToken), CancellationToken.None));
    }

    /// <summary>Command lines shown under "Examples:" in <c>--help</c>.</summary>
    public IReadOnlyList<string> Examples { get; }

    public Option<string?> ConfigOption { get; } = new("--config")
    {
        Description = "A JSON file of option values ({\"epochs\": 4, \"synthetic\": 400, ...}, names without the dashes); flags given on the command line win.",
        HelpName = "FILE",
    };

    public Option<bool> QuietOption { get; } = new("--quiet", "-q") { Description = "Print only errors (and the --json result)." };

    public Option<bool> JsonOption { get; } = new("--json") { Description = "Print the result as JSON on stdout (human-readable lines go to stderr)." };

    /// <summary>Options a config file may set, by name without dashes.</summary>
    public IEnumerable<Option> ConfigurableOptions => _configurable.Select(c => c.Option);

    /// <summary>Adds an option that a config file may set and that is written to the effective config.</summary>
    public Option<T> Add<T>(Option<T> option)
    {
        Add((Option)option);
        return option;
    }

    /// <summary>Adds options that a config file may set and that are written to the effective config.</summary>
    public void Add(params Option[] options)
    {
        foreach (var option in options)
        {
            Options.Add(option);
            _configurable.Add((option, r => r.GetResult(option)?.GetValueOrDefault<object?>()));
        }
    }

    /// <summary>Does the work. Throw <see cref="CliUsageException"/> for bad input; return an exit code.</summary>
    protected abstract int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken);

    /// <summary>Writes <c>DIR/&lt;command&gt;.config.json</c>: every option's effective value, re-usable with <c>--config</c>.</summary>
    protected string SaveEffectiveConfig(ParseResult result, string directory)
    {
        var path = Path.Combine(directory, $"{ConfigFileStem}.config.json");
        CliJson.WriteFile(path, Values(result));
        return path;
    }

    /// <summary>Every configurable option's effective value, by name without dashes.</summary>
    public SortedDictionary<string, object?> Values(ParseResult result)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (option, value) in _configurable) values[OptionKey(option)] = value(result);
        return values;
    }

    /// <summary>The stem of the effective-config file: the command path, e.g. <c>enrich-kb</c>.</summary>
    protected virtual string ConfigFileStem => Name;

    public static string OptionKey(Option option) => option.Name.TrimStart('-');

    private int Invoke(ParseResult result, CancellationToken cancellationToken)
    {
        var config = result.InvocationConfiguration;
        var output = new CliOutput(config.Output, config.Error, result.GetValue(QuietOption), result.GetValue(JsonOption));
        try
        {
            return Execute(result, output, cancellationToken);
        }
        catch (CliUsageException e)
        {
            output.Error(e.Message, e.Advice);
            return CliApp.BadInput;
        }
        catch (CliFailureException e)
        {
            output.Error(e.Message, e.Advice);
            return CliApp.Failure;
        }
        catch (FgClepFormatException e)
        {
            output.Error(e.Message, "The file is damaged or in an unsupported layout; check or re-download it");
            return CliApp.BadInput;
        }
        catch (NotARegularFileException e)
        {
            output.Error(e.Message, "Give a regular file: not a folder, named pipe or device");
            return CliApp.BadInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            output.Error(e.Message, "Check the path and its permissions");
            return CliApp.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Error("interrupted", InterruptedAdvice);
            return CliApp.Interrupted;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
            output.Error($"{inner.GetType().Name}: {inner.Message}", "If the message does not say what to change, please report it with the command line");
            return CliApp.Failure;
        }
    }

    /// <summary>What to tell the user after Ctrl+C.</summary>
    protected virtual string InterruptedAdvice => "Nothing was written for the unfinished step; run the command again";
}
