using ScottPlot;
using SkiaSharp;

namespace FgClep.Plots;

/// <summary>
/// Picks the font every figure uses. Text is drawn with fonts found on the machine (or registered from a file), and a
/// machine without any would silently give figures with no text at all, so that case is an error instead.
/// </summary>
internal static class PlotFonts
{
    /// <summary>Family name under which a font registered from a file is known.</summary>
    internal const string RegisteredFamily = "FgClep Plot Font";

    private static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];
    private static readonly Lock Gate = new();
    private static string? _family;

    /// <summary>A new plot; throws when no font can draw its text.</summary>
    public static Plot NewPlot()
    {
        Family();
        return new Plot();
    }

    /// <summary>
    /// Points every text element of a finished plot at the chosen family. Setting names rather than typefaces keeps
    /// ScottPlot's bold titles and axis labels.
    /// </summary>
    public static void Apply(Plot plot)
    {
        string family = Family();
        plot.Axes.Title.Label.FontName = family;
        var axes = plot.Axes.GetAxes().Concat(plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Select(c => c.Axis));
        foreach (var axis in axes)
        {
            axis.Label.FontName = family;
            axis.TickLabelStyle.FontName = family;
        }
        plot.Legend.FontName = family;
        foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>()) text.LabelFontName = family;
    }

    /// <summary>Registers TrueType/OpenType files as the font of all later figures.</summary>
    public static void UseFiles(string regularPath, string? boldPath)
    {
        string regular = CheckFile(regularPath, nameof(regularPath));
        string bold = boldPath is null ? regular : CheckFile(boldPath, nameof(boldPath));
        using (var typeface = SKTypeface.FromFile(regular))
            if (typeface is null) throw new ArgumentException($"'{regular}' is not a font file SkiaSharp can read.", nameof(regularPath));
        lock (Gate)
        {
            Fonts.FontResolvers.RemoveAll(r => r is ScottPlot.FontResolvers.FileFontResolver);
            Fonts.FontResolvers.Insert(0, new ScottPlot.FontResolvers.FileFontResolver(RegisteredFamily, regular, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
            Fonts.FontResolvers.Insert(0, new ScottPlot.FontResolvers.FileFontResolver(RegisteredFamily, bold, FontWeight.Bold, FontSlant.Upright, FontSpacing.Normal));
            _family = RegisteredFamily;
        }
    }

    private static string Family()
    {
        lock (Gate)
        {
            _family ??= Preferred.FirstOrDefault(CanDrawLatin)
                ?? (CanDrawLatin(Fonts.Default) ? Fonts.Default : null)
                ?? throw new InvalidOperationException(
                    "No usable font was found, so plot text (titles, axes, legends) cannot be drawn. Install a TrueType font " +
                    "(on Debian or Ubuntu: apt-get install fonts-dejavu-core) or register a font file with EcgPlots.UseFontFile.");
            return _family;
        }
    }

    private static bool CanDrawLatin(string family)
    {
        if (string.IsNullOrEmpty(family)) return false;
        var typeface = Fonts.GetTypeface(family, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
        if (typeface is null || typeface.FamilyName != family) return false;
        using var font = new SKFont(typeface);
        return font.ContainsGlyphs("Aa0");
    }

    private static string CheckFile(string path, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, name);
        string full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"Font file '{full}' does not exist.", full);
    }
}
