using ScottPlot;

namespace FgClep.Plots;

/// <summary>Colours and label handling shared by the figures.</summary>
internal static class PlotStyle
{
    /// <summary>Longest label drawn in full; longer ones end in an ellipsis so axes and legends stay readable.</summary>
    public const int MaxLabelLength = 32;

    private static readonly IPalette Categories = new ScottPlot.Palettes.Category20();
    private static readonly IPalette FewCategories = new ScottPlot.Palettes.Category10();

    /// <summary>Distinct colour for category <paramref name="index"/> of <paramref name="count"/>; the palette repeats past 20.</summary>
    public static Color Category(int index, int count) =>
        count <= 10 ? FewCategories.GetColor(index) : Categories.GetColor(index);

    /// <summary>Marker shape that changes each time the palette repeats, so categories past 20 stay distinguishable.</summary>
    public static MarkerShape Shape(int index)
    {
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
        return shapes[index / 20 % shapes.Length];
    }

    /// <summary>The label, or "(unlabelled)" when blank, shortened to <see cref="MaxLabelLength"/> characters.</summary>
    public static string Label(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "(unlabelled)";
        text = text.Trim().ReplaceLineEndings(" ");
        return text.Length <= MaxLabelLength ? text : text[..(MaxLabelLength - 1)] + "…";
    }

    /// <summary>Invariant-culture number for titles and legends.</summary>
    public static string Number(double value, string format = "0.000") =>
        value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
