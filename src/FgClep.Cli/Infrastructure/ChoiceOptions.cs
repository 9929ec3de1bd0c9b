using System.CommandLine;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Options that take one of a fixed set of words. System.CommandLine's own check (<c>AcceptOnlyFromAmong</c>) does not
/// name the option in its error; this one does, with the value and the choices (exit code 2, before anything runs).
/// </summary>
internal static class ChoiceOptions
{
    /// <summary>Accepts only <paramref name="choices"/> (compared exactly) and offers them as completions.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] choices)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!choices.Contains(token.Value, StringComparer.Ordinal))
                {
                    result.AddError($"{option.Name} '{token.Value}' is not one of {string.Join(", ", choices)}");
                    return;
                }
        });
        option.CompletionSources.Add(choices);
        return option;
    }
}
