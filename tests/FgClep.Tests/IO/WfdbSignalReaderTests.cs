using System.Buffers.Binary;
using System.Globalization;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class WfdbSignalReaderTests
{
    /// <summary>Encodes a frame-major sample stream by the WFDB format definitions (written independently of the reader).</summary>
    internal static byte[] Encode(int format, IReadOnlyList<int> stream)
    {
        var bytes = new List<byte>();
        switch (format)
        {
            case 16: foreach (var v in stream) { bytes.Add((byte)v); bytes.Add((byte)(v >> 8)); } break;
            case 61: foreach (var v in stream) { bytes.Add((byte)(v >> 8)); bytes.Add((byte)v); } break;
            case 160: foreach (var v in stream) { int u = v + 32768; bytes.Add((byte)u); bytes.Add((byte)(u >> 8)); } break;
            case 80: foreach (var v in stream) bytes.Add((byte)(v + 128)); break;
            case 24: foreach (var v in stream) { bytes.Add((byte)v); bytes.Add((byte)(v >> 8)); bytes.Add((byte)(v >> 16)); } break;
            case 32: foreach (var v in stream) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); bytes.AddRange(b); } break;
            case 212:
                for (int i = 0; i < stream.Count; i += 2)
                {
                    int a = stream[i] & 0xFFF;
                    bytes.Add((byte)a);
                    if (i + 1 < stream.Count)
                    {
                        int b = stream[i + 1] & 0xFFF;
                        bytes.Add((byte)((a >> 8) | ((b >> 8) << 4)));
                        bytes.Add((byte)b);
                    }
                    else bytes.Add((byte)(a >> 8));
                }
                break;
            case 310:
                for (int i = 0; i < stream.Count; i += 3)
                {
                    int s0 = stream[i] & 0x3FF, s1 = i + 1 < stream.Count ? stream[i + 1] & 0x3FF : 0, s2 = i + 2 < stream.Count ? stream[i + 2] & 0x3FF : 0;
                    int w0 = (s0 << 1) | ((s2 & 0x1F) << 11), w1 = (s1 << 1) | ((s2 >> 5) << 11);
                    bytes.Add((byte)w0); bytes.Add((byte)(w0 >> 8));
                    if (i + 1 < stream.Count) { bytes.Add((byte)w1); bytes.Add((byte)(w1 >> 8)); }
                }
                break;
            case 311:
                for (int i = 0; i < stream.Count; i += 3)
                {
                    int left = Math.Min(3, stream.Count - i);
                    uint w = 0;
                    for (int j = 0; j < left; j++) w |= (uint)(stream[i + j] & 0x3FF) << (10 * j);
                    int nBytes = left == 3 ? 4 : left == 2 ? 3 : 2;
                    for (int b = 0; b < nBytes; b++) bytes.Add((byte)(w >> (8 * b)));
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(format));
        }
        return bytes.ToArray();
    }

    internal static (int Min, int Max, int Invalid) Range(int format) => format switch
    {
        80 => (-128, 127, -128),
        212 => (-2048, 2047, -2048),
        310 or 311 => (-512, 511, -512),
        24 => (-(1 << 23), (1 << 23) - 1, -(1 << 23)),
        32 => (int.MinValue, int.MaxValue, int.MinValue),
        _ => (-32768, 32767, -32768),
    };

    /// <summary>Known values per signal: extremes, small values, one invalid sample.</summary>
    internal static int[][] KnownValues(int format, int signals, int samples)
    {
        var (min, max, invalid) = Range(format);
        var result = new int[signals][];
        for (int s = 0; s < signals; s++)
        {
            result[s] = new int[samples];
            for (int t = 0; t < samples; t++)
                result[s][t] = ((t + s) % 6) switch { 0 => min + 1, 1 => max, 2 => -1, 3 => 0, 4 => (s + 1) * (t + 1) * 7 % (max / 2), _ => -(t * 13 + s) };
            result[s][0] = s - 2;
        }
        result[0][samples - 1] = invalid;
        return result;
    }

    internal static string SignalLine(string file, string format, string gain, int[] values, string description)
    {
        short sum = 0;
        foreach (var v in values) sum += (short)v;
        return string.Create(CultureInfo.InvariantCulture, $"{file} {format} {gain} 16 0 {values[0]} {sum} 0 {description}\n");
    }

    internal static int[] Interleave(int[][] signals)
    {
        int k = signals.Length, n = signals[0].Length;
        var stream = new int[k * n];
        for (int s = 0; s < k; s++) for (int t = 0; t < n; t++) stream[t * k + s] = signals[s][t];
        return stream;
    }

    [TestMethod]
    [DataRow(16, 2, 7)] [DataRow(16, 1, 5)] [DataRow(61, 2, 7)] [DataRow(160, 3, 5)] [DataRow(80, 2, 7)]
    [DataRow(24, 2, 7)] [DataRow(32, 3, 5)] [DataRow(212, 2, 7)] [DataRow(212, 3, 5)] [DataRow(310, 2, 7)]
    [DataRow(310, 3, 5)] [DataRow(310, 1, 4)] [DataRow(311, 2, 7)] [DataRow(311, 3, 5)] [DataRow(311, 1, 4)]
    public void DecodesEveryFormatFromHandBuiltBytes(int format, int signals, int samples)
    {
        using var dir = new WfdbScratchForTests();
        var values = KnownValues(format, signals, samples);
        dir.WriteBytes("r.dat", Encode(format, Interleave(values)));
        var header = $"r {signals} 250 {samples}\n";
        for (int s = 0; s < signals; s++)
            header += SignalLine("r.dat", format.ToString(CultureInfo.InvariantCulture), s == 0 ? "100(3)/uV" : "0", values[s], $"S{s}");
        var parsed = WfdbHeaderParser.Parse(header, dir.WriteText("r.hea", header));

        var adc = WfdbSignalReader.ReadAdc(parsed, null, out int n);
        Assert.AreEqual(samples, n);
        for (int s = 0; s < signals; s++)
            CollectionAssert.AreEqual(values[s], adc.AsSpan(s * n, n).ToArray(), $"format {format}, signal {s}");

        var physical = WfdbSignalReader.ReadPhysical(parsed, null, out _);
        var invalid = Range(format).Invalid;
        for (int s = 0; s < signals; s++)
        {
            double gain = s == 0 ? 100 : 200, baseline = s == 0 ? 3 : 0;
            for (int t = 0; t < n; t++)
            {
                float actual = physical[s * n + t];
                if (values[s][t] == invalid) Assert.IsTrue(float.IsNaN(actual), $"invalid sample {s}/{t} should be NaN");
                else Assert.AreEqual((values[s][t] - baseline) / gain, actual, Math.Abs(values[s][t] / gain) * 1e-6 + 1e-9, $"signal {s} sample {t}");
            }
        }
    }

    [TestMethod]
    [DataRow(8, 8)] [DataRow(9, 7)] [DataRow(12, 23)] [DataRow(15, 16)] [DataRow(16, 9)] [DataRow(17, 40)] [DataRow(3, 30)]
    public void PhysicalValuesMatchAdcForManyInterleavedFormat16Signals(int signals, int samples)
    {
        using var dir = new WfdbScratchForTests();
        var random = new Random(signals * 100 + samples);
        var values = new int[signals][];
        for (int s = 0; s < signals; s++)
        {
            values[s] = new int[samples];
            for (int t = 0; t < samples; t++) values[s][t] = random.Next(10) == 0 ? short.MinValue : random.Next(short.MinValue + 1, short.MaxValue + 1);
        }
        dir.WriteBytes("p.dat", Encode(16, Interleave(values)));
        var gains = Enumerable.Range(0, signals).Select(s => 10.0 + 37 * s).ToArray();
        var baselines = Enumerable.Range(0, signals).Select(s => s * 11 - 40).ToArray();
        var header = $"p {signals} 500 {samples}\n" + string.Concat(Enumerable.Range(0, signals).Select(s =>
            SignalLine("p.dat", "16", string.Create(CultureInfo.InvariantCulture, $"{gains[s]}({baselines[s]})/mV"), values[s], $"S{s}")));
        var parsed = WfdbHeaderParser.Parse(header, dir.WriteText("p.hea", header));

        var physical = WfdbSignalReader.ReadPhysical(parsed, null, out int n);
        Assert.AreEqual(samples, n);
        for (int s = 0; s < signals; s++)
            for (int t = 0; t < n; t++)
            {
                float actual = physical[s * n + t];
                if (values[s][t] == short.MinValue) Assert.IsTrue(float.IsNaN(actual), $"signal {s} sample {t} should be NaN");
                else Assert.AreEqual(((float)values[s][t] - baselines[s]) / (float)gains[s], actual, $"signal {s} sample {t}");
            }
    }

    [TestMethod]
    public void ReadsSignalsSpreadOverSeveralFiles()
    {
        using var dir = new WfdbScratchForTests();
        var twelve = KnownValues(16, 12, 9);
        var three = KnownValues(212, 3, 9);
        dir.WriteBytes("m.dat", Encode(16, Interleave(twelve)));
        dir.WriteBytes("m.xyz", Encode(212, Interleave(three)));
        var header = "m 15 1000 9\n" + string.Concat(twelve.Select((v, i) => SignalLine("m.dat", "16", "1000/mV", v, $"L{i}")))
                     + string.Concat(three.Select((v, i) => SignalLine("m.xyz", "212", "500/mV", v, $"F{i}")));
        dir.WriteText("m.hea", header);
        var record = WfdbRecordReader.Read(dir.PathOf("m"));
        Assert.AreEqual(15, record.LeadCount);
        Assert.AreEqual("F2", record.LeadNames[14]);
        Assert.AreEqual(9, record.SampleCount);
        Assert.AreEqual(three[1][4] / 500f, record.Lead(13)[4], 1e-6f);
        Assert.AreEqual(twelve[11][8] / 1000f, record.Lead(11)[8], 1e-6f);
    }

    [TestMethod]
    public void HonoursByteOffsetAndDerivesMissingSampleCount()
    {
        using var dir = new WfdbScratchForTests();
        var values = KnownValues(16, 2, 6);
        var data = new byte[10].Concat(Encode(16, Interleave(values))).Concat(new byte[] { 0x11 }).ToArray();
        dir.WriteBytes("o.dat", data);
        var header = "o 2 500\n" + SignalLine("o.dat", "16+10", "200", values[0], "A") + SignalLine("o.dat", "16+10", "200", values[1], "B");
        var parsed = WfdbHeaderParser.Parse(header, dir.WriteText("o.hea", header));
        var adc = WfdbSignalReader.ReadAdc(parsed, null, out int n);
        Assert.AreEqual(6, n, "sample count comes from the file length when the header omits it; a stray trailing byte is ignored");
        CollectionAssert.AreEqual(values[1], adc.AsSpan(6, 6).ToArray());
    }

    [TestMethod]
    public void AppliesSkew()
    {
        using var dir = new WfdbScratchForTests();
        var stream = new[] { 10, 20, 11, 21, 12, 22, 13, 23 };
        dir.WriteBytes("s.dat", Encode(16, stream));
        var header = "s 2 100 3\ns.dat 16 1 16 0 10 33 0 A\ns.dat 16:1 1 16 0 21 66 0 B\n";
        var parsed = WfdbHeaderParser.Parse(header, dir.WriteText("s.hea", header));
        var adc = WfdbSignalReader.ReadAdc(parsed, null, out _);
        CollectionAssert.AreEqual(new[] { 10, 11, 12, 21, 22, 23 }, adc);
    }

    [TestMethod]
    public void ShortFileErrorNamesExpectedAndActualBytes()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("t.dat", new byte[30]);
        dir.WriteText("t.hea", "t 2 100 10\nt.dat 16 200 16 0 0 0 0 A\nt.dat 16 200 16 0 0 0 0 B\n");
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("t")));
        Assert.Contains("need 40 bytes, found 30", e.Message);
        Assert.Contains("t.dat", e.FilePath);
    }

    [TestMethod]
    public void ChecksumPolicyDecidesBetweenErrorWarningAndSilence()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("c.dat", Encode(16, new[] { 5, 6, 7 }));
        dir.WriteText("c.hea", "c 1 100 3\nc.dat 16 200 16 0 5 19 0 A\n");
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("c")));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains("gives 19, the samples sum to 18", e.Message);

        var warnings = new List<string>();
        var record = WfdbRecordReader.Read(dir.PathOf("c"), new WfdbReadOptions { ChecksumPolicy = WfdbChecksumPolicy.Warn, Warning = warnings.Add });
        Assert.HasCount(1, warnings);
        Assert.AreEqual(7 / 200f, record.Lead(0)[2], 1e-7f);

        var ignored = WfdbRecordReader.Read(dir.PathOf("c"), new WfdbReadOptions { ChecksumPolicy = WfdbChecksumPolicy.Ignore, Warning = warnings.Add });
        Assert.HasCount(1, warnings);
        Assert.AreEqual(3, ignored.SampleCount);
    }

    [TestMethod]
    public void InitialValueMismatchIsReported()
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("i.dat", Encode(16, new[] { 5, 6, 7 }));
        dir.WriteText("i.hea", "i 1 100 3\ni.dat 16 200 16 0 4 18 0 A\n");
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("i")));
        Assert.Contains("first sample is 5", e.Message);
        Assert.Contains("initial value 4", e.Message);
    }

    [TestMethod]
    [DataRow("u 1 100 3\nu.dat 8 200\n", "format 8 is not supported")]
    [DataRow("u 1 100 3\nu.dat 16x2 200\n", "samples per frame")]
    [DataRow("u 3 100 3\nu.dat 16\nv.dat 16\nu.dat 16\n", "consecutive")]
    [DataRow("u 2 100 3\nu.dat 16\nu.dat 212\n", "one format")]
    [DataRow("u 1 100 3\nmissing.dat 16\n", "signal file not found")]
    [DataRow("u 0 100 3\n", "no signals")]
    public void RejectsUnsupportedLayoutsClearly(string header, string fragment)
    {
        using var dir = new WfdbScratchForTests();
        dir.WriteBytes("u.dat", new byte[64]);
        dir.WriteBytes("v.dat", new byte[64]);
        dir.WriteText("u.hea", header);
        var e = Assert.ThrowsExactly<FgClepFormatException>(() => WfdbRecordReader.Read(dir.PathOf("u")));
        Assert.Contains(fragment, e.Message);
    }
}
