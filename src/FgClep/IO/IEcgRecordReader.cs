using FgClep.IO.Wfdb;

namespace FgClep.IO;

/// <summary>
/// A file format of ECG records: how records are found in a folder, whether one is complete, and how it is read. New
/// formats plug in here; <c>mlContext.Data.LoadEcgRecords</c> and the record sources read any format through it
/// (<see cref="Wfdb.WfdbRecordFormat"/> is the built-in one: WFDB headers with <c>.dat</c> or Challenge <c>.mat</c> signals).
/// </summary>
public interface IEcgRecordReader
{
    /// <summary>The records under <paramref name="directory"/>, recursively, ordered by path, as paths <see cref="Read"/> takes.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    IEnumerable<string> FindRecords(string directory);

    /// <summary>The file of <paramref name="recordPath"/> that is missing, or null when the record can be read.</summary>
    string? MissingFile(string recordPath);

    /// <summary>Reads the record at <paramref name="recordPath"/>.</summary>
    /// <exception cref="FgClepFormatException">A file of the record is missing, truncated or malformed.</exception>
    EcgRecord Read(string recordPath);
}
