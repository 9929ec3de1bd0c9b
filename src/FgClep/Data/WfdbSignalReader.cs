using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FgClep.Data;

/// <summary>
/// Reads the samples of a parsed WFDB record from its signal files. Signals that share a file are interleaved
/// frame by frame; a record may spread its signals over several files. Output is lead-major:
/// signal <c>s</c>, sample <c>t</c> is at <c>[s * samples + t]</c>.
/// </summary>
public static class WfdbSignalReader
{
    /// <summary>Reads all signals in physical units, <c>(adc - baseline) / gain</c>; invalid samples become <see cref="float.NaN"/>.</summary>
    /// <param name="header">The parsed header; signal files are looked up in its folder.</param>
    /// <param name="options">Checksum policy; <see cref="WfdbReadOptions.Default"/> when null.</param>
    /// <param name="samplesPerSignal">Samples per signal actually read.</param>
    /// <exception cref="EcgFormatException">A signal file is missing or too short, a format is unsupported, or a checksum fails.</exception>
    public static float[] ReadPhysical(WfdbHeader header, WfdbReadOptions? options, out int samplesPerSignal)
    {
        ArgumentNullException.ThrowIfNull(header);
        var groups = WfdbSignalGroup.Build(header);
        int n = samplesPerSignal = SampleCount(header, groups);
        var result = new float[checked(header.SignalCount * n)];
        // Raw ADC values are decoded into the output array itself, then converted in place.
        var adc = MemoryMarshal.Cast<float, int>(result.AsSpan());
        foreach (var group in groups) ReadGroup(header, group, n, adc, options ?? WfdbReadOptions.Default);
        for (int s = 0; s < header.SignalCount; s++)
        {
            var spec = header.Signals[s];
            ToPhysical(adc.Slice(s * n, n), result.AsSpan(s * n, n), spec.Baseline, (float)spec.Gain, WfdbFormats.InvalidValue(spec.Format));
        }
        return result;
    }

    /// <summary>Reads all signals as raw ADC values (invalid samples keep their format's marker, e.g. -32768).</summary>
    /// <inheritdoc cref="ReadPhysical" />
    public static int[] ReadAdc(WfdbHeader header, WfdbReadOptions? options, out int samplesPerSignal)
    {
        ArgumentNullException.ThrowIfNull(header);
        var groups = WfdbSignalGroup.Build(header);
        int n = samplesPerSignal = SampleCount(header, groups);
        var result = new int[checked(header.SignalCount * n)];
        foreach (var group in groups) ReadGroup(header, group, n, result, options ?? WfdbReadOptions.Default);
        return result;
    }

    private static int SampleCount(WfdbHeader header, IReadOnlyList<WfdbSignalGroup> groups)
    {
        if (header.SignalCount == 0)
            throw new EcgFormatException(header.SourcePath, "line 1", "the record has no signals");
        long n = header.SamplesPerSignal ?? long.MaxValue;
        if (header.SamplesPerSignal is null)
        {
            // Absent from the header: the shortest signal file decides.
            foreach (var g in groups)
            {
                long length = FileLength(header, g);
                n = Math.Min(n, WfdbFormats.SamplesIn(g.Format, Math.Max(0, length - g.ByteOffset)) / g.Count);
            }
        }
        if (n * header.SignalCount > Array.MaxLength)
            throw new EcgFormatException(header.SourcePath, "line 1",
                $"{header.SignalCount} signals × {n} samples is more than one array can hold");
        return (int)n;
    }

    private static long FileLength(WfdbHeader header, WfdbSignalGroup group)
    {
        var path = group.PathIn(header);
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(header, group, path, e);
        }
    }

    private static EcgFormatException MissingFile(WfdbHeader header, WfdbSignalGroup group, string path, Exception e)
        => new(path, null, $"signal file not found (named on line {header.Signals[group.First].LineNumber} of {header.SourcePath})", e);

    private static void ReadGroup(WfdbHeader header, WfdbSignalGroup group, int n, Span<int> adcLeadMajor, WfdbReadOptions options)
    {
        var path = group.PathIn(header);
        int k = group.Count;
        int maxSkew = 0;
        for (int s = 0; s < k; s++) maxSkew = Math.Max(maxSkew, header.Signals[group.First + s].Skew);

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(header, group, path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EcgFormatException(path, null, $"cannot open signal file: {e.Message}", e);
        }
        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            long needed = WfdbFormats.BytesFor(group.Format, (long)n * k);
            long available = Math.Max(0, length - group.ByteOffset);
            if (available < needed)
                throw new EcgFormatException(path, $"byte {length}",
                    $"signal file too short: {k} signal(s) × {n} samples in format {group.Format} starting at byte {group.ByteOffset} " +
                    $"need {group.ByteOffset + needed} bytes, found {length}");
            long frames = n;
            if (maxSkew > 0) frames = Math.Min(n + (long)maxSkew, WfdbFormats.SamplesIn(group.Format, available) / k);
            long bytes = WfdbFormats.BytesFor(group.Format, frames * k);
            if (bytes > Array.MaxLength)
                throw new EcgFormatException(path, null, $"signal data of {bytes} bytes is more than one array can hold");

            var buffer = ArrayPool<byte>.Shared.Rent((int)bytes);
            try
            {
                var data = buffer.AsSpan(0, (int)bytes);
                try
            {
                ReadExactly(handle, data, group.ByteOffset, path);
            }
            catch (IOException e)
            {
                throw new EcgFormatException(path, null, $"cannot read signal file: {e.Message}", e);
            }
                Deinterleave(header, group, data, (int)frames, n, adcLeadMajor);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        for (int s = group.First; s < group.First + k; s++)
            Verify(header, s, adcLeadMajor.Slice(s * n, n), path, options);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> data, long offset, string path)
    {
        int done = 0;
        while (done < data.Length)
        {
            int read = RandomAccess.Read(handle, data[done..], offset + done);
            if (read == 0)
                throw new EcgFormatException(path, $"byte {offset + done}", $"signal file ended early: expected {data.Length - done} more bytes");
            done += read;
        }
    }

    private static void Deinterleave(WfdbHeader header, WfdbSignalGroup group, ReadOnlySpan<byte> data, int frames, int n, Span<int> adcLeadMajor)
    {
        int k = group.Count;
        var dest = adcLeadMajor.Slice(group.First * n, k * n);
        bool skewed = false;
        for (int s = 0; s < k; s++) skewed |= header.Signals[group.First + s].Skew != 0;
        if (group.Format == 16 && BitConverter.IsLittleEndian && !skewed)
        {
            Transpose(MemoryMarshal.Cast<byte, short>(data)[..(n * k)], k, n, dest);
            return;
        }
        var samples = ArrayPool<int>.Shared.Rent(frames * k);
        try
        {
            var stream = samples.AsSpan(0, frames * k);
            WfdbFormats.Decode(group.Format, data, stream);
            if (!skewed)
            {
                Transpose(stream, k, n, dest);
                return;
            }
            int invalid = WfdbFormats.InvalidValue(group.Format);
            for (int s = 0; s < k; s++)
            {
                int skew = header.Signals[group.First + s].Skew;
                var d = dest.Slice(s * n, n);
                for (int t = 0; t < n; t++)
                    d[t] = (long)t + skew < frames ? stream[(t + skew) * k + s] : invalid;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(samples);
        }
    }

    // Frame-major (k interleaved signals) to signal-major.
    private static void Transpose(ReadOnlySpan<short> src, int k, int n, Span<int> dest)
    {
        if (k == 1)
        {
            for (int t = 0; t < n; t++) dest[t] = src[t];
            return;
        }
        for (int s = 0; s < k; s++)
        {
            var d = dest.Slice(s * n, n);
            int i = s;
            for (int t = 0; t < d.Length; t++, i += k) d[t] = src[i];
        }
    }

    private static void Transpose(ReadOnlySpan<int> src, int k, int n, Span<int> dest)
    {
        for (int s = 0; s < k; s++)
        {
            var d = dest.Slice(s * n, n);
            int i = s;
            for (int t = 0; t < d.Length; t++, i += k) d[t] = src[i];
        }
    }

    private static void Verify(WfdbHeader header, int signal, ReadOnlySpan<int> adc, string path, WfdbReadOptions options)
    {
        if (options.ChecksumPolicy == WfdbChecksumPolicy.Ignore || adc.Length == 0) return;
        var spec = header.Signals[signal];
        var where = $"signal {signal + 1} '{spec.Description}'";
        if (spec.InitialValue is int initial && adc[0] != initial)
            Report(options, path, where,
                $"first sample is {adc[0]} but line {spec.LineNumber} of {header.SourcePath} gives initial value {initial}");
        if (spec.Checksum is int expected)
        {
            int sum = Sum(adc);
            if ((short)sum != (short)expected)
                Report(options, path, where,
                    $"checksum mismatch: line {spec.LineNumber} of {header.SourcePath} gives {expected}, the samples sum to {(ushort)sum} (mod 65536)");
        }
    }

    private static void Report(WfdbReadOptions options, string path, string where, string problem)
    {
        var error = new EcgFormatException(path, where, problem);
        if (options.ChecksumPolicy == WfdbChecksumPolicy.Error) throw error;
        if (options.Warning is { } warn) warn(error.Message);
        else Trace.TraceWarning(error.Message);
    }

    private static int Sum(ReadOnlySpan<int> values)
    {
        var acc = Vector<int>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count) acc += new Vector<int>(values[i..]);
        int sum = Vector.Sum(acc);
        for (; i < values.Length; i++) sum += values[i];
        return sum;
    }

    // In place when adc and physical overlap: each block is read before it is written.
    private static void ToPhysical(ReadOnlySpan<int> adc, Span<float> physical, int baseline, float gain, int invalid)
    {
        // Subtracting in float avoids int overflow for 32-bit samples; exact while |values| < 2^24.
        var vBaseline = new Vector<float>(baseline);
        var vInvalid = new Vector<int>(invalid);
        var vGain = new Vector<float>(gain);
        var vNaN = new Vector<float>(float.NaN);
        int i = 0;
        for (; i <= adc.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            var v = new Vector<int>(adc[i..]);
            var f = (Vector.ConvertToSingle(v) - vBaseline) / vGain;
            Vector.ConditionalSelect(Vector.Equals(v, vInvalid), vNaN, f).CopyTo(physical[i..]);
        }
        for (; i < adc.Length; i++)
        {
            int v = adc[i];
            physical[i] = v == invalid ? float.NaN : ((float)v - baseline) / gain;
        }
    }
}
