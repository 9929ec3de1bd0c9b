using ScottPlot;

namespace FgClep.Plots;

/// <summary>A finished plot from <see cref="EcgPlots"/>, saved as PNG or SVG at <see cref="Width"/> × <see cref="Height"/> pixels.</summary>
public sealed class EcgFigure : IDisposable
{
    /// <summary>Smallest accepted width or height in pixels.</summary>
    public const int MinPixels = 100;

    /// <summary>Largest accepted width or height in pixels.</summary>
    public const int MaxPixels = 10_000;

    private int _width, _height;

    internal EcgFigure(Plot plot, int width, int height)
    {
        PlotFonts.Apply(plot);
        Plot = plot;
        Width = width;
        Height = height;
    }

    /// <summary>The underlying ScottPlot plot, for further styling before saving.</summary>
    public Plot Plot { get; }

    /// <summary>Image width in pixels (<see cref="MinPixels"/> to <see cref="MaxPixels"/>).</summary>
    public int Width
    {
        get => _width;
        set => _width = CheckPixels(value, nameof(Width));
    }

    /// <summary>Image height in pixels (<see cref="MinPixels"/> to <see cref="MaxPixels"/>).</summary>
    public int Height
    {
        get => _height;
        set => _height = CheckPixels(value, nameof(Height));
    }

    /// <summary>Writes a PNG image; <paramref name="path"/> must end in .png and its folder must exist.</summary>
    public void SavePng(string path) => Write(PlotOutputPath.Check(path, ".png"), ToPng());

    /// <summary>Writes an SVG document; <paramref name="path"/> must end in .svg and its folder must exist.</summary>
    public void SaveSvg(string path) => Write(PlotOutputPath.Check(path, ".svg"), System.Text.Encoding.UTF8.GetBytes(ToSvg()));

    /// <summary>Writes PNG or SVG, chosen by the extension of <paramref name="path"/> (.png or .svg).</summary>
    public void Save(string path)
    {
        string full = PlotOutputPath.Check(path, ".png", ".svg");
        if (full.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) SaveSvg(path);
        else SavePng(path);
    }

    /// <summary>The figure encoded as PNG.</summary>
    public byte[] ToPng() => Plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The figure as an SVG document.</summary>
    public string ToSvg() => Plot.GetSvgXml(Width, Height);

    /// <summary>Releases the plot's native drawing resources.</summary>
    public void Dispose() => Plot.Dispose();

    private static void Write(string fullPath, byte[] content)
    {
        try
        {
            File.WriteAllBytes(fullPath, content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Could not write the plot to '{fullPath}': {ex.Message}", ex);
        }
    }

    private static int CheckPixels(int value, string name) =>
        value is >= MinPixels and <= MaxPixels
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {MinPixels} and {MaxPixels} pixels.");
}
