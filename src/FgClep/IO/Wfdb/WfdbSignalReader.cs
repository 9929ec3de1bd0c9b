using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FgClep.IO.Wfdb;

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
    /// <exception cref="FgClepFormatException">A signal file is missing or too short, a format is unsupported, or a checksum fails.</exception>
    public static float[] ReadPhysical(WfdbHeader header, WfdbReadOptions? options, out int samplesPerSignal)
    {
        ArgumentNullException.ThrowIfNull(header);
        var groups = WfdbSignalGroup.Build(header);
        int n = samplesPerSignal = SampleCount(header, groups);
        RequireLengths(header, groups, n);
        var result = new float[header.SignalCount * n];
        foreach (var group in groups)
            ReadGroup(header, group, n, options ?? WfdbReadOptions.Default, default, result.AsSpan(group.First * n, group.Count * n));
        return result;
    }

    /// <summary>Reads all signals as raw ADC values (invalid samples keep their format's marker, e.g. -32768).</summary>
    /// <inheritdoc cref="ReadPhysical" />
    public static int[] ReadAdc(WfdbHeader header, WfdbReadOptions? options, out int samplesPerSignal)
    {
        ArgumentNullException.ThrowIfNull(header);
        var groups = WfdbSignalGroup.Build(header);
        int n = samplesPerSignal = SampleCount(header, groups);
        RequireLengths(header, groups, n);
        var result = new int[header.SignalCount * n];
        foreach (var group in groups)
            ReadGroup(header, group, n, options ?? WfdbReadOptions.Default, result.AsSpan(group.First * n, group.Count * n), default);
        return result;
    }

    private static int SampleCount(WfdbHeader header, IReadOnlyList<WfdbSignalGroup> groups)
    {
        if (header.SignalCount == 0)
            throw new FgClepFormatException(header.SourcePath, "record line", "the record has no signals");
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
            throw new FgClepFormatException(header.SourcePath, "record line",
                $"{header.SignalCount} signals × {n} samples is more than one array can hold");
        return (int)n;
    }

    /// <summary>Checks every signal file against the header before anything of the header's size is allocated.</summary>
    private static void RequireLengths(WfdbHeader header, IReadOnlyList<WfdbSignalGroup> groups, int n)
    {
        foreach (var group in groups) RequireLength(group.PathIn(header), group, n, FileLength(header, group));
    }

    private static void RequireLength(string path, WfdbSignalGroup group, int n, long length)
    {
        long needed = WfdbFormats.BytesFor(group.Format, (long)n * group.Count);
        if (Math.Max(0, length - group.ByteOffset) < needed)
            throw new FgClepFormatException(path, $"byte {length}",
                $"signal file too short: {group.Count} signal(s) × {n} samples in format {group.Format} starting at byte {group.ByteOffset} " +
                $"need {group.ByteOffset + needed} bytes, found {length}");
    }

    private static long FileLength(WfdbHeader header, WfdbSignalGroup group)
    {
        var path = group.PathIn(header);
        try
        {
            RegularFile.Check(path);
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return RandomAccess.GetLength(handle); // the target's length; FileInfo.Length of a link is the link's own
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(header, group, path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FgClepFormatException(path, null, $"cannot open signal file: {e.Message}", e);
        }
    }

    private static FgClepFormatException MissingFile(WfdbHeader header, WfdbSignalGroup group, string path, Exception e)
        => new(path, null, $"signal file not found (named on line {header.Signals[group.First].LineNumber} of {header.SourcePath})", e);

    /// <summary>Reads one file's signals into either <paramref name="adc"/> or <paramref name="physical"/> (the other is empty), then verifies them.</summary>
    private static void ReadGroup(WfdbHeader header, WfdbSignalGroup group, int n, WfdbReadOptions options, Span<int> adc, Span<float> physical)
    {
        var path = group.PathIn(header);
        int k = group.Count;
        var signals = new WfdbSignalSpec[k];
        int maxSkew = 0;
        for (int s = 0; s < k; s++)
        {
            signals[s] = header.Signals[group.First + s];
            maxSkew = Math.Max(maxSkew, signals[s].Skew);
        }
        var firsts = new int[k];
        var sums = new int[k];

        SafeFileHandle handle;
        try
        {
            RegularFile.Check(path);
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(header, group, path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FgClepFormatException(path, null, $"cannot open signal file: {e.Message}", e);
        }
        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            RequireLength(path, group, n, length); // again: the file may have changed since RequireLengths
            long available = Math.Max(0, length - group.ByteOffset);
            long frames = n;
            if (maxSkew > 0) frames = Math.Min(n + (long)maxSkew, WfdbFormats.SamplesIn(group.Format, available) / k);
            long bytes = WfdbFormats.BytesFor(group.Format, frames * k);
            if (bytes > Array.MaxLength)
                throw new FgClepFormatException(path, null, $"signal data of {bytes} bytes is more than one array can hold");

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
                    throw new FgClepFormatException(path, null, $"cannot read signal file: {e.Message}", e);
                }
                Decode(signals, group.Format, data, (int)frames, n, adc, physical, firsts, sums);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        if (n == 0) return;
        for (int s = 0; s < k; s++)
            Verify(header, group.First + s, firsts[s], sums[s], path, options);
    }

    private static void Decode(WfdbSignalSpec[] signals, int format, ReadOnlySpan<byte> data, int frames, int n,
        Span<int> adc, Span<float> physical, Span<int> firsts, Span<int> sums)
    {
        int k = signals.Length;
        int invalid = WfdbFormats.InvalidValue(format);
        bool skewed = false;
        var scales = new WfdbPhysicalDecoder.Scale[k];
        for (int s = 0; s < k; s++)
        {
            skewed |= signals[s].Skew != 0;
            scales[s] = new WfdbPhysicalDecoder.Scale(signals[s].Baseline, (float)signals[s].Gain, invalid);
        }
        if (format == 16 && BitConverter.IsLittleEndian && !skewed && !physical.IsEmpty)
        {
            var shorts = MemoryMarshal.Cast<byte, short>(data)[..(n * k)];
            WfdbPhysicalDecoder.FromInt16(shorts, k, n, scales, physical, sums);
            for (int s = 0; s < k && n > 0; s++) firsts[s] = shorts[s];
            return;
        }
        var samples = ArrayPool<int>.Shared.Rent(frames * k);
        try
        {
            var stream = samples.AsSpan(0, frames * k);
            WfdbFormats.Decode(format, data, stream);
            var skews = signals.Select(s => s.Skew).ToArray();
            if (!physical.IsEmpty)
            {
                WfdbPhysicalDecoder.FromInt32(stream, k, frames, n, skews, scales, physical, sums);
            }
            for (int s = 0; s < k; s++)
            {
                var d = adc.IsEmpty ? default : adc.Slice(s * n, n);
                int sum = 0;
                for (int t = 0; t < n; t++)
                {
                    int v = (long)t + skews[s] < frames ? stream[(t + skews[s]) * k + s] : invalid;
                    if (t == 0) firsts[s] = v;
                    sum += v;
                    if (!d.IsEmpty) d[t] = v;
                }
                sums[s] = sum;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(samples);
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> data, long offset, string path)
    {
        int done = 0;
        while (done < data.Length)
        {
            int read = RandomAccess.Read(handle, data[done..], offset + done);
            if (read == 0)
                throw new FgClepFormatException(path, $"byte {offset + done}", $"signal file ended early: expected {data.Length - done} more bytes");
            done += read;
        }
    }

    private static void Verify(WfdbHeader header, int signal, int first, int sum, string path, WfdbReadOptions options)
    {
        if (options.ChecksumPolicy == WfdbChecksumPolicy.Ignore) return;
        var spec = header.Signals[signal];
        if (spec.InitialValue is int initial && first != initial)
            Report(options, path, Where(signal, spec),
                $"first sample is {first} but line {spec.LineNumber} of {header.SourcePath} gives initial value {initial}");
        if (spec.Checksum is int expected && (short)sum != (short)expected)
            Report(options, path, Where(signal, spec),
                $"checksum mismatch: line {spec.LineNumber} of {header.SourcePath} gives {expected}, the samples sum to {(ushort)sum} (mod 65536)");
    }

    private static string Where(int signal, WfdbSignalSpec spec) => $"signal {signal + 1} '{spec.Description}'";

    private static void Report(WfdbReadOptions options, string path, string where, string problem)
    {
        var error = new FgClepFormatException(path, where, problem);
        if (options.ChecksumPolicy == WfdbChecksumPolicy.Error) throw error;
        if (options.Warning is { } warn) warn(error.Message);
        else Trace.TraceWarning(error.Message);
    }
}
