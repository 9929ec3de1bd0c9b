using System.Buffers.Binary;
using System.Text;
using FgClep.IO.Wfdb;

namespace FgClep.IO.MatV4;

/// <summary>
/// Reads MATLAB version 4 (<c>.mat</c>) files: a sequence of matrices, each a 20-byte header
/// (type <c>MOPT</c>, rows, columns, imaginary flag, name length), the name and the column-major values.
/// Supports full real numeric matrices in IEEE little- or big-endian byte order; MAT v5 and v7.3 files are
/// rejected with a clear error. PhysioNet Challenge records (<c>.hea</c> + <c>.mat</c>, signal lines
/// <c>X.mat 16+24</c>) can also be read with <see cref="WfdbRecordReader"/>.
/// </summary>
public static class MatV4Reader
{
    private const int HeaderBytes = 20;

    /// <summary>Reads every matrix in the file.</summary>
    /// <exception cref="FgClepFormatException">The file is missing, not MAT v4, truncated or uses an unsupported matrix kind.</exception>
    public static IReadOnlyList<MatV4Matrix> ReadAll(string path)
    {
        var bytes = EcgFileBytes.Read(path, "MAT file");
        return Parse(bytes, path);
    }

    /// <summary>Reads the matrix named <paramref name="name"/> (e.g. <c>val</c>).</summary>
    /// <exception cref="FgClepFormatException">The file is malformed or has no matrix of that name.</exception>
    public static MatV4Matrix ReadMatrix(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var all = ReadAll(path);
        return all.FirstOrDefault(m => m.Name == name)
            ?? throw new FgClepFormatException(path, null,
                $"expected a matrix named '{name}', found {(all.Count == 0 ? "none" : string.Join(", ", all.Select(m => $"'{m.Name}'")))}");
    }

    /// <summary>Parses MAT v4 content; <paramref name="sourcePath"/> names the file in error messages.</summary>
    /// <exception cref="FgClepFormatException">The content is not a supported MAT v4 file.</exception>
    public static IReadOnlyList<MatV4Matrix> Parse(ReadOnlySpan<byte> bytes, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        if (bytes.StartsWith("MATLAB"u8))
        {
            var text = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 20)]);
            throw new FgClepFormatException(sourcePath, "byte 0",
                $"expected a MATLAB v4 file, found a newer MAT file ('{WfdbHeaderParser.Shorten(text)}'); re-save it with save(..., '-v4')");
        }
        if (bytes.Length == 0) throw new FgClepFormatException(sourcePath, null, "empty file: expected a MATLAB v4 matrix header");
        var matrices = new List<MatV4Matrix>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            matrices.Add(ParseMatrix(bytes, ref pos, sourcePath));
        }
        return matrices;
    }

    private static MatV4Matrix ParseMatrix(ReadOnlySpan<byte> bytes, ref int pos, string path)
    {
        int start = pos;
        FgClepFormatException Error(long at, string problem) => new(path, $"byte {at}", problem);
        if (bytes.Length - pos < HeaderBytes)
            throw Error(pos, $"truncated matrix header: expected {HeaderBytes} bytes, found {bytes.Length - pos}");
        var header = bytes.Slice(pos, HeaderBytes);
        int type = BinaryPrimitives.ReadInt32LittleEndian(header);
        bool bigEndian = false;
        if (type < 0 || type > 9999)
        {
            type = BinaryPrimitives.ReadInt32BigEndian(header);
            bigEndian = true;
        }
        if (type < 0 || type > 9999)
            throw Error(start, $"expected a MATLAB v4 type code MOPT (0..4052), found bytes {Convert.ToHexString(header[..4])}");
        int m = type / 1000, o = type / 100 % 10, p = type / 10 % 10, t = type % 10;
        if (m != (bigEndian ? 1 : 0))
            throw Error(start, m is 2 or 3 or 4
                ? $"VAX/Cray number format (type {type}) is not supported; expected IEEE little- or big-endian"
                : $"expected a MATLAB v4 type code with machine digit 0 (little-endian) or 1 (big-endian), found {type}");
        if (o != 0) throw Error(start, $"expected 0 as the second digit of type code {type:D4}, found {o}");
        if (p > 5) throw Error(start, $"expected a precision digit 0..5 in type code {type:D4}, found {p}");
        if (t != 0)
            throw Error(start, $"only full numeric matrices are supported; type code {type:D4} is {(t == 1 ? "text" : t == 2 ? "sparse" : "unknown")}");

        int rows = Field(header, 1, bigEndian), columns = Field(header, 2, bigEndian);
        int imaginary = Field(header, 3, bigEndian), nameLength = Field(header, 4, bigEndian);
        if (rows < 0 || columns < 0) throw Error(start + 4, $"expected non-negative dimensions, found {rows} × {columns}");
        if (imaginary != 0)
            throw Error(start + 12, imaginary == 1 ? "complex matrices are not supported" : $"expected imaginary flag 0, found {imaginary}");
        if (nameLength < 1 || nameLength > 4096) throw Error(start + 16, $"expected a name length of 1..4096 bytes, found {nameLength}");
        pos += HeaderBytes;
        if (bytes.Length - pos < nameLength)
            throw Error(pos, $"truncated matrix name: expected {nameLength} bytes, found {bytes.Length - pos}");
        var nameBytes = bytes.Slice(pos, nameLength);
        if (nameBytes[^1] != 0) throw Error(pos + nameLength - 1, "expected the matrix name to end with a NUL byte");
        var name = Encoding.ASCII.GetString(nameBytes[..^1]);
        pos += nameLength;

        var precision = (MatV4Precision)p;
        int size = ElementSize(precision);
        long count = (long)rows * columns;
        if (count > Array.MaxLength)
            throw Error(start + 4, $"matrix of {rows} × {columns} values is larger than one array can hold");
        long dataBytes = count * size;
        if (bytes.Length - pos < dataBytes)
            throw Error(pos, $"truncated data of matrix '{WfdbHeaderParser.Shorten(name)}': {rows} × {columns} {precision} values need {dataBytes} bytes, found {bytes.Length - pos}");
        var data = new double[count];
        Decode(bytes.Slice(pos, (int)dataBytes), precision, bigEndian, data);
        pos += (int)dataBytes;
        return new MatV4Matrix(name, rows, columns, precision, data);
    }

    private static int Field(ReadOnlySpan<byte> header, int index, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadInt32BigEndian(header[(4 * index)..])
        : BinaryPrimitives.ReadInt32LittleEndian(header[(4 * index)..]);

    private static int ElementSize(MatV4Precision precision) => precision switch
    {
        MatV4Precision.Double => 8,
        MatV4Precision.Single or MatV4Precision.Int32 => 4,
        MatV4Precision.Int16 or MatV4Precision.UInt16 => 2,
        _ => 1,
    };

    private static void Decode(ReadOnlySpan<byte> src, MatV4Precision precision, bool bigEndian, Span<double> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = precision switch
            {
                MatV4Precision.Double => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]),
                MatV4Precision.Single => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]),
                MatV4Precision.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(src[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]),
                MatV4Precision.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]),
                MatV4Precision.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]),
                _ => src[i],
            };
        }
    }
}
