namespace FgClep.IO.Wfdb;

/// <summary>
/// One signal line of a WFDB header: where and how the samples are stored and how to turn them into physical units.
/// Fields absent from the header hold their WFDB defaults.
/// </summary>
public sealed class WfdbSignalSpec
{
    /// <summary>Name of the file holding the samples, relative to the header's folder (e.g. <c>00001_lr.dat</c>).</summary>
    public required string FileName { get; init; }

    /// <summary>Storage format code (16, 212, 80, 24, 32, 61, 160, 310, 311).</summary>
    public required int Format { get; init; }

    /// <summary>Samples of this signal per frame (the <c>x</c> suffix of the format); 1 when absent.</summary>
    public int SamplesPerFrame { get; init; } = 1;

    /// <summary>Skew in frames (the <c>:</c> suffix of the format); 0 when absent.</summary>
    public int Skew { get; init; }

    /// <summary>Bytes to skip at the start of the file (the <c>+</c> suffix of the format, e.g. 24 for Challenge <c>.mat</c>); 0 when absent.</summary>
    public long ByteOffset { get; init; }

    /// <summary>ADC units per physical unit; 200 when absent or given as 0.</summary>
    public double Gain { get; init; } = WfdbHeaderParser.DefaultGain;

    /// <summary>Whether the header gave a non-zero gain (false: <see cref="Gain"/> is the default 200).</summary>
    public bool GainSpecified { get; init; }

    /// <summary>ADC value that corresponds to 0 physical units; the ADC zero when absent.</summary>
    public int Baseline { get; init; }

    /// <summary>Physical units (e.g. <c>mV</c>); <c>mV</c> when absent.</summary>
    public string Units { get; init; } = "mV";

    /// <summary>ADC resolution in bits; the format's natural width when absent or 0.</summary>
    public int AdcResolution { get; init; }

    /// <summary>ADC value at the centre of the ADC's range; 0 when absent.</summary>
    public int AdcZero { get; init; }

    /// <summary>Value of the first sample, when the header gives it.</summary>
    public int? InitialValue { get; init; }

    /// <summary>16-bit checksum of all samples, when the header gives it.</summary>
    public int? Checksum { get; init; }

    /// <summary>Block size in bytes (0: not a block device file).</summary>
    public int BlockSize { get; init; }

    /// <summary>Signal description (usually the lead name); empty when absent.</summary>
    public string Description { get; init; } = "";

    /// <summary>1-based line of the header that defined this signal.</summary>
    public int LineNumber { get; init; }
}
