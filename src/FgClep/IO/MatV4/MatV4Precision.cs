namespace FgClep.IO.MatV4;

/// <summary>Element type of a MATLAB v4 matrix (the <c>P</c> digit of its <c>MOPT</c> type code).</summary>
public enum MatV4Precision
{
    /// <summary>64-bit floating point.</summary>
    Double = 0,

    /// <summary>32-bit floating point.</summary>
    Single = 1,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 2,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 5,
}
