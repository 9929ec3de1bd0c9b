namespace FgClep.IO.Wfdb;

/// <summary>Options for <see cref="WfdbWriter"/>.</summary>
public sealed class WfdbWriteOptions
{
    /// <summary>ADC units per physical unit, for every signal; default 1000 (1 µV resolution for mV signals, as PTB-XL).</summary>
    public double Gain { get; init; } = 1000;

    /// <summary>ADC value of 0 physical units; default 0.</summary>
    public int Baseline { get; init; }

    /// <summary>Physical units written to the header; null uses the record's <see cref="EcgRecord.Units"/> (or <c>mV</c> for raw ADC input).</summary>
    public string? Units { get; init; }

    /// <summary>Extra comment lines for the header (written after the signal lines, each prefixed by <c>#</c>).</summary>
    public IReadOnlyList<string> Comments { get; init; } = Array.Empty<string>();
}
