using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// The one place numeric options are parsed and checked, at parse time (before a command runs or writes anything):
/// invariant-culture numbers, finite, within a range; an error names the option and the value (exit code 2).
/// </summary>
internal static class NumericOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Whole(this Option<int> option, int min = int.MinValue, int max = int.MaxValue)
    {
        option.CustomParser = r => ParseWhole(r, option.Name, min, max) ?? 0;
        return option;
    }

    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> Whole(this Option<int?> option, int min = int.MinValue, int max = int.MaxValue)
    {
        option.CustomParser = r => ParseWhole(r, option.Name, min, max);
        return option;
    }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/> (above <paramref name="min"/> when <paramref name="minExclusive"/>).</summary>
    public static Option<double> Finite(this Option<double> option, double min, double max = double.MaxValue, bool minExclusive = false)
    {
        option.CustomParser = r => ParseFinite(r, r.Tokens.Count > 0 ? r.Tokens[^1].Value : "", option.Name, min, max, minExclusive) ?? 0;
        return option;
    }

    /// <summary>An optional finite number from <paramref name="min"/> to <paramref name="max"/> (above <paramref name="min"/> when <paramref name="minExclusive"/>).</summary>
    public static Option<double?> Finite(this Option<double?> option, double min, double max = double.MaxValue, bool minExclusive = false)
    {
        option.CustomParser = r => ParseFinite(r, r.Tokens.Count > 0 ? r.Tokens[^1].Value : "", option.Name, min, max, minExclusive);
        return option;
    }

    /// <summary>Finite numbers from <paramref name="min"/> to <paramref name="max"/> (above <paramref name="min"/> when <paramref name="minExclusive"/>).</summary>
    public static Option<double[]> Finite(this Option<double[]> option, double min, double max = double.MaxValue, bool minExclusive = false)
    {
        option.CustomParser = r => r.Tokens.Select(t => ParseFinite(r, t.Value, option.Name, min, max, minExclusive) ?? 0).ToArray();
        return option;
    }

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            bool big = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || text.TrimStart('-').All(char.IsAsciiDigit) && text.Length > 1;
            result.AddError(big ? $"{name} '{text}' is out of range: {Range(min, max, false, "whole number")}" : $"{name} '{text}' is not a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {value} is out of range: {Range(min, max, false, "whole number")}"));
            return null;
        }
        return value;
    }

    private static double? ParseFinite(ArgumentResult result, string text, string name, double min, double max, bool minExclusive)
    {
        if (text.Length == 0) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            result.AddError($"{name} '{text}' is not a number");
            return null;
        }
        if (!double.IsFinite(value) || value < min || value > max || (minExclusive && value == min))
        {
            result.AddError($"{name} {text} is out of range: {Range(min, max, minExclusive, "finite number")}");
            return null;
        }
        return value;
    }

    private static string Range(double min, double max, bool minExclusive, string kind)
    {
        var inv = CultureInfo.InvariantCulture;
        bool noMin = min <= int.MinValue, noMax = max >= int.MaxValue;
        string low = minExclusive ? $"greater than {min.ToString(inv)}" : $"at least {min.ToString(inv)}";
        return (noMin, noMax) switch
        {
            (true, true) => $"give a {kind}",
            (true, false) => $"give a {kind} of at most {max.ToString(inv)}",
            (false, true) => $"give a {kind} {low}",
            _ => $"give a {kind} {low} and at most {max.ToString(inv)}",
        };
    }
}
