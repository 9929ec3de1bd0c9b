using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FgClep.IO.Wfdb;

/// <summary>
/// Turns a frame-major sample stream of one signal file into lead-major physical values, computing each signal's
/// 16-bit checksum on the way. Format 16 with at least 8 interleaved signals (the 12-lead case) is transposed in
/// 8 × 8 blocks with SIMD; everything else takes a scalar path.
/// </summary>
internal static class WfdbPhysicalDecoder
{
    /// <summary>Per-signal scaling: <c>(adc - Baseline) / Gain</c>; <c>Invalid</c> becomes NaN.</summary>
    public readonly record struct Scale(float Baseline, float Gain, int Invalid);

    /// <summary>
    /// Decodes <paramref name="n"/> frames of <paramref name="k"/> interleaved little-endian int16 signals.
    /// <paramref name="dst"/> holds k × n values, lead-major; <paramref name="sums"/> receives each signal's sample sum.
    /// </summary>
    public static void FromInt16(ReadOnlySpan<short> src, int k, int n, ReadOnlySpan<Scale> scales, Span<float> dst, Span<int> sums)
    {
        if (src.Length < (long)k * n || dst.Length < (long)k * n || scales.Length < k || sums.Length < k)
            throw new ArgumentException("Buffers are smaller than k × n.");
        sums[..k].Clear();
        int blocked = 0;
        if (Sse2.IsSupported && k >= 8 && n >= 8)
        {
            blocked = n / 8 * 8;
            TransposeBlocks(src, k, blocked, n, scales, dst, sums);
        }
        if (blocked < n)
        {
            for (int s = 0; s < k; s++)
            {
                var scale = scales[s];
                var d = dst.Slice(s * n, n);
                int sum = 0;
                for (int t = blocked, i = blocked * k + s; t < n; t++, i += k)
                {
                    int v = src[i];
                    sum += v;
                    d[t] = v == scale.Invalid ? float.NaN : (v - scale.Baseline) / scale.Gain;
                }
                sums[s] += sum;
            }
        }
    }

    /// <summary>Like <see cref="FromInt16"/> for an already decoded int stream, with per-signal skew (frames beyond the stream are invalid).</summary>
    public static void FromInt32(ReadOnlySpan<int> stream, int k, int frames, int n, ReadOnlySpan<int> skews, ReadOnlySpan<Scale> scales,
        Span<float> dst, Span<int> sums)
    {
        for (int s = 0; s < k; s++)
        {
            var scale = scales[s];
            var d = dst.Slice(s * n, n);
            int sum = 0;
            int skew = skews[s];
            for (int t = 0; t < n; t++)
            {
                int v = (long)t + skew < frames ? stream[(t + skew) * k + s] : scale.Invalid;
                sum += v;
                d[t] = v == scale.Invalid ? float.NaN : ((float)v - scale.Baseline) / scale.Gain;
            }
            sums[s] = sum;
        }
    }

    // Rows are frames t..t+7, columns signals c..c+7; after the transpose each vector holds 8 samples of one signal.
    private static void TransposeBlocks(ReadOnlySpan<short> src, int k, int frames, int n, ReadOnlySpan<Scale> scales, Span<float> dst, Span<int> sums)
    {
        ref short s0 = ref MemoryMarshal.GetReference(src);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int done = 0; // columns already covered by earlier blocks
        while (done < k)
        {
            int c = Math.Min(done, k - 8); // the last block may overlap the previous one
            int firstNew = done - c;
            Vector128<short> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            Vector128<short> acc4 = default, acc5 = default, acc6 = default, acc7 = default;
            var block = new Block(ref d0, n, c, firstNew, scales.Slice(c, 8));
            for (int t = 0; t < frames; t += 8)
            {
                nuint row = (nuint)(t * k + c);
                var r0 = Vector128.LoadUnsafe(ref s0, row);
                var r1 = Vector128.LoadUnsafe(ref s0, row + (nuint)k);
                var r2 = Vector128.LoadUnsafe(ref s0, row + (nuint)(2 * k));
                var r3 = Vector128.LoadUnsafe(ref s0, row + (nuint)(3 * k));
                var r4 = Vector128.LoadUnsafe(ref s0, row + (nuint)(4 * k));
                var r5 = Vector128.LoadUnsafe(ref s0, row + (nuint)(5 * k));
                var r6 = Vector128.LoadUnsafe(ref s0, row + (nuint)(6 * k));
                var r7 = Vector128.LoadUnsafe(ref s0, row + (nuint)(7 * k));

                var a0 = Sse2.UnpackLow(r0, r1).AsInt32();
                var a1 = Sse2.UnpackHigh(r0, r1).AsInt32();
                var a2 = Sse2.UnpackLow(r2, r3).AsInt32();
                var a3 = Sse2.UnpackHigh(r2, r3).AsInt32();
                var a4 = Sse2.UnpackLow(r4, r5).AsInt32();
                var a5 = Sse2.UnpackHigh(r4, r5).AsInt32();
                var a6 = Sse2.UnpackLow(r6, r7).AsInt32();
                var a7 = Sse2.UnpackHigh(r6, r7).AsInt32();

                var b0 = Sse2.UnpackLow(a0, a2).AsInt64();
                var b1 = Sse2.UnpackHigh(a0, a2).AsInt64();
                var b2 = Sse2.UnpackLow(a1, a3).AsInt64();
                var b3 = Sse2.UnpackHigh(a1, a3).AsInt64();
                var b4 = Sse2.UnpackLow(a4, a6).AsInt64();
                var b5 = Sse2.UnpackHigh(a4, a6).AsInt64();
                var b6 = Sse2.UnpackLow(a5, a7).AsInt64();
                var b7 = Sse2.UnpackHigh(a5, a7).AsInt64();

                block.Emit(Sse2.UnpackLow(b0, b4).AsInt16(), 0, t, ref acc0);
                block.Emit(Sse2.UnpackHigh(b0, b4).AsInt16(), 1, t, ref acc1);
                block.Emit(Sse2.UnpackLow(b1, b5).AsInt16(), 2, t, ref acc2);
                block.Emit(Sse2.UnpackHigh(b1, b5).AsInt16(), 3, t, ref acc3);
                block.Emit(Sse2.UnpackLow(b2, b6).AsInt16(), 4, t, ref acc4);
                block.Emit(Sse2.UnpackHigh(b2, b6).AsInt16(), 5, t, ref acc5);
                block.Emit(Sse2.UnpackLow(b3, b7).AsInt16(), 6, t, ref acc6);
                block.Emit(Sse2.UnpackHigh(b3, b7).AsInt16(), 7, t, ref acc7);
            }
            ReadOnlySpan<Vector128<short>> accs = [acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7];
            for (int j = firstNew; j < 8; j++)
            {
                // Sums of 16-bit lanes wrap, which is exactly the WFDB checksum arithmetic (mod 65536).
                sums[c + j] += Vector128.Sum(Vector128.WidenLower(accs[j]) + Vector128.WidenUpper(accs[j]));
            }
            done = c + 8;
        }
    }

    /// <summary>Where one 8-signal column block writes, and how it scales.</summary>
    private readonly ref struct Block(ref float d0, int n, int c, int firstNew, ReadOnlySpan<Scale> scales)
    {
        private readonly ref float _d0 = ref d0;
        private readonly ReadOnlySpan<Scale> _scales = scales;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Emit(Vector128<short> samples, int j, int t, ref Vector128<short> acc)
        {
            if (j < firstNew) return;
            acc += samples;
            var scale = _scales[j];
            ref float d = ref Unsafe.Add(ref _d0, (nint)(c + j) * n + t);
            Convert(Vector128.WidenLower(samples), scale).StoreUnsafe(ref d);
            Convert(Vector128.WidenUpper(samples), scale).StoreUnsafe(ref d, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Convert(Vector128<int> adc, Scale scale)
    {
        var physical = (Vector128.ConvertToSingle(adc) - Vector128.Create(scale.Baseline)) / Vector128.Create(scale.Gain);
        return Vector128.ConditionalSelect(Vector128.Equals(adc, Vector128.Create(scale.Invalid)).AsSingle(), Vector128.Create(float.NaN), physical);
    }
}
