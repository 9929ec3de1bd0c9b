using System.Text;
using FgClep.IO;
using FgClep.IO.MatV4;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class MatV4ReaderTests
{
    [TestMethod]
    [DataRow(MatV4Precision.Double, false)] [DataRow(MatV4Precision.Single, false)] [DataRow(MatV4Precision.Int32, false)]
    [DataRow(MatV4Precision.Int16, false)] [DataRow(MatV4Precision.UInt16, false)] [DataRow(MatV4Precision.UInt8, false)]
    [DataRow(MatV4Precision.Double, true)] [DataRow(MatV4Precision.Int16, true)]
    public void ReadsEveryPrecisionColumnMajor(MatV4Precision precision, bool bigEndian)
    {
        double[] values = precision is MatV4Precision.UInt8 or MatV4Precision.UInt16
            ? new double[] { 0, 1, 2, 200, 7, 255 }
            : new double[] { -3, 1.5 * (precision is MatV4Precision.Double or MatV4Precision.Single ? 1 : 0), 2, -200, 7, 100 };
        using var dir = new WfdbScratchForTests();
        var path = dir.WriteBytes("m.mat", MatV4WriterForTests.Matrix("x", 2, 3, values, precision, bigEndian));
        var m = MatV4Reader.ReadMatrix(path, "x");
        Assert.AreEqual(2, m.Rows);
        Assert.AreEqual(3, m.Columns);
        Assert.AreEqual(precision, m.Precision);
        CollectionAssert.AreEqual(values, m.Data);
        Assert.AreEqual(values[2 * 2 + 1], m[1, 2], "row 1, column 2 is element 5 in column-major order");
        CollectionAssert.AreEqual(new[] { (float)values[0], (float)values[2], (float)values[4] }, m.ToRowMajorSingle()[..3]);
    }

    [TestMethod]
    public void ReadsSeveralMatricesAndFindsByName()
    {
        using var dir = new WfdbScratchForTests();
        var bytes = MatV4WriterForTests.Matrix("fs", 1, 1, new double[] { 500 }, MatV4Precision.Double)
            .Concat(MatV4WriterForTests.ChallengeVal(new[] { new short[] { 1, 2, 3 }, new short[] { -4, -5, -6 } })).ToArray();
        var path = dir.WriteBytes("two.mat", bytes);
        var all = MatV4Reader.ReadAll(path);
        CollectionAssert.AreEqual(new[] { "fs", "val" }, all.Select(m => m.Name).ToArray());
        var val = MatV4Reader.ReadMatrix(path, "val");
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, -4, -5, -6 }, val.ToRowMajorSingle());
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => MatV4Reader.ReadMatrix(path, "ecg"));
        Assert.Contains("'fs', 'val'", e.Message);
    }

    [TestMethod]
    public void ChallengeValMatrixDataStartsAtByte24()
    {
        var bytes = MatV4WriterForTests.ChallengeVal(new[] { new short[] { 0x1234 }, new short[] { 5 } });
        Assert.AreEqual(0x34, bytes[24]);
        Assert.AreEqual(0x12, bytes[25]);
    }

    [TestMethod]
    public void RejectsNewerMatFilesWithAHint()
    {
        var v5 = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024".PadRight(128));
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => MatV4Reader.Parse(v5, "new.mat"));
        Assert.Contains("-v4", e.Message);
        Assert.Contains("MATLAB 5.0", e.Message);
    }

    [TestMethod]
    public void RejectsUnsupportedOrBrokenMatrices()
    {
        var good = MatV4WriterForTests.Matrix("x", 2, 2, new double[] { 1, 2, 3, 4 }, MatV4Precision.Double);
        void Rejects(byte[] bytes, string fragment)
        {
            var e = Assert.ThrowsExactly<FgClepFormatException>(() => MatV4Reader.Parse(bytes, "bad.mat"));
            Assert.Contains(fragment, e.Message);
        }
        Rejects(Array.Empty<byte>(), "empty");
        Rejects(good[..10], "truncated matrix header");
        Rejects(good[..21], "truncated matrix name");
        Rejects(good[..^1], "truncated data");
        Rejects(MatV4WriterForTests.Matrix("x", 1, 1, new double[] { 1 }, MatV4Precision.Double, typeOverride: 1), "text");
        Rejects(MatV4WriterForTests.Matrix("x", 1, 1, new double[] { 1 }, MatV4Precision.Double, typeOverride: 2), "sparse");
        Rejects(MatV4WriterForTests.Matrix("x", 1, 1, new double[] { 1 }, MatV4Precision.Double, typeOverride: 2000), "VAX");
        Rejects(MatV4WriterForTests.Matrix("x", 1, 1, new double[] { 1, 0 }, MatV4Precision.Double, imaginary: 1), "complex");
        Rejects(MatV4WriterForTests.Matrix("x", -1, 1, Array.Empty<double>(), MatV4Precision.Double), "non-negative");
        Rejects(Encoding.ASCII.GetBytes("this is not a mat file at all....."), "byte 0");
        var unterminated = (byte[])good.Clone();
        unterminated[21] = (byte)'y';
        Rejects(unterminated, "NUL");
    }

    [TestMethod]
    public void MissingFileIsAFormatError()
        => Assert.ThrowsExactly<FgClepFormatException>(() => MatV4Reader.ReadAll(Path.Combine(Path.GetTempPath(), "no-such-file-xyz.mat")));
}
