namespace FgClep.Data;

/// <summary>Reads a WFDB record (header + signal files) into an <see cref="EcgRecord"/>.</summary>
public static class WfdbRecordReader
{
    /// <summary>Reads the record at <paramref name="recordPath"/> (path without extension, e.g. <c>records100/00000/00001_lr</c>).</summary>
    /// <exception cref="EcgFormatException">The header or a signal file is missing, truncated or malformed.</exception>
    public static EcgRecord Read(string recordPath) => throw new NotImplementedException();
}
