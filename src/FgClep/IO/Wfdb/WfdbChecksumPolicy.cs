namespace FgClep.IO.Wfdb;

/// <summary>What the WFDB reader does when a signal's checksum or first sample disagrees with its header.</summary>
public enum WfdbChecksumPolicy
{
    /// <summary>Throw an <see cref="FgClepFormatException"/> (default).</summary>
    Error,

    /// <summary>Report the mismatch through <see cref="WfdbReadOptions.Warning"/> and keep the samples.</summary>
    Warn,

    /// <summary>Do not verify.</summary>
    Ignore,
}
