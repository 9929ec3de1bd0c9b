using System.Buffers.Binary;
using System.Text;
using FgClep.IO.MatV4;

namespace FgClep.Tests.TestSupport;

/// <summary>Writes MATLAB v4 matrices from the format definition, for tests of the readers.</summary>
internal static class MatV4WriterForTests
{
    /// <summary>One matrix: 20-byte header (MOPT, rows, columns, imaginary flag, name length), name + NUL, column-major values.</summary>
    public static byte[] Matrix(string name, int rows, int columns, double[] columnMajor, MatV4Precision precision, bool bigEndian = false,
        int? typeOverride = null, int imaginary = 0)
    {
        var bytes = new List<byte>();
        void Int(int v)
        {
            var b = new byte[4];
            if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(b, v); else BinaryPrimitives.WriteInt32LittleEndian(b, v);
            bytes.AddRange(b);
        }
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        Int(typeOverride ?? (bigEndian ? 1000 : 0) + 10 * (int)precision);
        Int(rows);
        Int(columns);
        Int(imaginary);
        Int(nameBytes.Length);
        bytes.AddRange(nameBytes);
        foreach (var v in columnMajor)
        {
            byte[] b;
            switch (precision)
            {
                case MatV4Precision.Double: b = new byte[8]; if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v); break;
                case MatV4Precision.Single: b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(b, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(b, (float)v); break;
                case MatV4Precision.Int32: b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(b, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); break;
                case MatV4Precision.Int16: b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(b, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(b, (short)v); break;
                case MatV4Precision.UInt16: b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); break;
                default: b = new[] { (byte)v }; break;
            }
            bytes.AddRange(b);
        }
        return bytes.ToArray();
    }

    /// <summary>A PhysioNet Challenge style <c>val</c> matrix: leads × samples int16, so the data start at byte 24.</summary>
    public static byte[] ChallengeVal(short[][] leads)
    {
        int k = leads.Length, n = leads[0].Length;
        var columnMajor = new double[k * n];
        for (int l = 0; l < k; l++) for (int t = 0; t < n; t++) columnMajor[t * k + l] = leads[l][t];
        return Matrix("val", k, n, columnMajor, MatV4Precision.Int16);
    }
}
