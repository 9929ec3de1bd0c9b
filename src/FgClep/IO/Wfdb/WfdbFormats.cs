using System.Buffers.Binary;

namespace FgClep.IO.Wfdb;

/// <summary>Sample storage formats of WFDB signal files: sizes, invalid-sample markers and decoders.</summary>
internal static class WfdbFormats
{
    public static IReadOnlyList<int> Supported { get; } = new[] { 16, 24, 32, 61, 80, 160, 212, 310, 311 };

    public static bool IsSupported(int format) => format is 16 or 24 or 32 or 61 or 80 or 160 or 212 or 310 or 311;

    /// <summary>The ADC value WFDB writes for a missing sample.</summary>
    public static int InvalidValue(int format) => format switch
    {
        80 => -128,
        212 => -2048,
        310 or 311 => -512,
        24 => -(1 << 23),
        32 => int.MinValue,
        _ => short.MinValue,
    };

    public static int DefaultResolution(int format) => format switch
    {
        8 or 80 => 8,
        212 => 12,
        310 or 311 => 10,
        24 => 24,
        32 => 32,
        _ => 16,
    };

    /// <summary>Bytes that hold <paramref name="samples"/> consecutive samples (WFDB writes partial groups short).</summary>
    public static long BytesFor(int format, long samples) => format switch
    {
        80 => samples,
        16 or 61 or 160 => samples * 2,
        24 => samples * 3,
        32 => samples * 4,
        212 => (samples * 3 + 1) / 2,
        310 => samples / 3 * 4 + (samples % 3) switch { 0 => 0, 1 => 2, _ => 4 },
        311 => samples / 3 * 4 + (samples % 3) switch { 0 => 0, 1 => 2, _ => 3 },
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported WFDB format."),
    };

    /// <summary>Whole samples held by <paramref name="bytes"/> bytes.</summary>
    public static long SamplesIn(int format, long bytes) => format switch
    {
        80 => bytes,
        16 or 61 or 160 => bytes / 2,
        24 => bytes / 3,
        32 => bytes / 4,
        212 => bytes / 3 * 2 + (bytes % 3 == 2 ? 1 : 0),
        310 => bytes / 4 * 3 + (bytes % 4 >= 2 ? 1 : 0),
        311 => bytes / 4 * 3 + (bytes % 4) switch { 2 => 1, 3 => 2, _ => 0 },
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported WFDB format."),
    };

    /// <summary>Decodes <c>dst.Length</c> consecutive samples from <paramref name="src"/> (at least <see cref="BytesFor"/> bytes).</summary>
    public static void Decode(int format, ReadOnlySpan<byte> src, Span<int> dst)
    {
        switch (format)
        {
            case 16:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]);
                break;
            case 61:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]);
                break;
            case 160:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) - 32768;
                break;
            case 80:
                for (int i = 0; i < dst.Length; i++) dst[i] = src[i] - 128;
                break;
            case 24:
                for (int i = 0; i < dst.Length; i++)
                {
                    int j = 3 * i;
                    dst[i] = (src[j] | src[j + 1] << 8 | src[j + 2] << 16) << 8 >> 8;
                }
                break;
            case 32:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]);
                break;
            case 212:
                Decode212(src, dst);
                break;
            case 310:
                Decode310(src, dst);
                break;
            case 311:
                Decode311(src, dst);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported WFDB format.");
        }
    }

    // Two 12-bit samples in 3 bytes: the middle byte holds the high nibbles (low nibble: first sample).
    private static void Decode212(ReadOnlySpan<byte> src, Span<int> dst)
    {
        int i = 0, j = 0;
        for (; i + 1 < dst.Length; i += 2, j += 3)
        {
            int b1 = src[j + 1];
            dst[i] = (src[j] | (b1 & 0x0F) << 8) << 20 >> 20;
            dst[i + 1] = (src[j + 2] | (b1 & 0xF0) << 4) << 20 >> 20;
        }
        if (i < dst.Length) dst[i] = (src[j] | (src[j + 1] & 0x0F) << 8) << 20 >> 20;
    }

    // Three 10-bit samples in two little-endian 16-bit words: bits 1-10 of each word hold the first two,
    // bits 11-15 of the first (low) and second (high) word the third.
    private static void Decode310(ReadOnlySpan<byte> src, Span<int> dst)
    {
        for (int i = 0, j = 0; i < dst.Length; i += 3, j += 4)
        {
            int w0 = src[j] | src[j + 1] << 8;
            dst[i] = (w0 >> 1 & 0x3FF) << 22 >> 22;
            if (i + 1 >= dst.Length) break;
            int w1 = src[j + 2] | src[j + 3] << 8;
            dst[i + 1] = (w1 >> 1 & 0x3FF) << 22 >> 22;
            if (i + 2 >= dst.Length) break;
            dst[i + 2] = ((w0 >> 11 & 0x1F) | (w1 >> 11 & 0x1F) << 5) << 22 >> 22;
        }
    }

    // Three 10-bit samples in bits 0-9, 10-19 and 20-29 of a little-endian 32-bit word.
    private static void Decode311(ReadOnlySpan<byte> src, Span<int> dst)
    {
        for (int i = 0, j = 0; i < dst.Length; i += 3, j += 4)
        {
            int remaining = Math.Min(4, src.Length - j);
            uint w = 0;
            for (int b = 0; b < remaining; b++) w |= (uint)src[j + b] << (8 * b);
            dst[i] = (int)(w << 22) >> 22;
            if (i + 1 < dst.Length) dst[i + 1] = (int)(w << 12) >> 22;
            if (i + 2 < dst.Length) dst[i + 2] = (int)(w << 2) >> 22;
        }
    }
}
