namespace FgClep.IO.Wfdb;

/// <summary>Options for reading WFDB signals.</summary>
public sealed class WfdbReadOptions
{
    /// <summary>The default options: checksum and initial-value mismatches are errors.</summary>
    public static WfdbReadOptions Default { get; } = new();

    /// <summary>What to do when a checksum or first sample disagrees with the header; default <see cref="WfdbChecksumPolicy.Error"/>.</summary>
    public WfdbChecksumPolicy ChecksumPolicy { get; init; } = WfdbChecksumPolicy.Error;

    /// <summary>
    /// Receives warnings under <see cref="WfdbChecksumPolicy.Warn"/>; when null they go to
    /// <see cref="System.Diagnostics.Trace"/>.
    /// </summary>
    public Action<string>? Warning { get; init; }
}
