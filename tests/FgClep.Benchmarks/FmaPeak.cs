using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FgClep.Benchmarks;

/// <summary>
/// The CPU's float32 multiply-add ceiling, measured: independent chains of the widest x86 vector FMA (AVX-512 or AVX2)
/// on each of <c>threads</c> threads, with no memory traffic. No convolution can beat it, so a model's GFLOP/s over this
/// is the share of the machine an engine uses. NaN on CPUs without FMA.
/// </summary>
internal static class FmaPeak
{
    private const int Rounds = 1 << 14;

    public static double Gflops(int threads, TimeSpan duration)
    {
        if (!Fma.IsSupported) return double.NaN;
        long[] flops = new long[threads];
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => flops[t] = Spin(duration)) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return flops.Sum() / stop.Elapsed.TotalSeconds / 1e9;
    }

    private static long Spin(TimeSpan duration)
    {
        long flops = 0;
        float sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            // The clock call in this loop would make the JIT keep the accumulators in memory; the kernels hold them in registers.
            sink += Avx512F.IsSupported ? Chains512() : Chains256();
            flops += Rounds * 12L * (Avx512F.IsSupported ? 16 : 8) * 2;
        }
        if (sink == 42f) Console.Write("");
        return flops;
    }

    // Twelve independent accumulators cover the FMA latency times the number of FMA pipes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512()
    {
        var a = Vector512.Create(1f); var m = Vector512.Create(0.999999f); var c = Vector512.Create(1e-7f);
        Vector512<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < Rounds; i++)
        {
            s0 = Avx512F.FusedMultiplyAdd(s0, m, c); s1 = Avx512F.FusedMultiplyAdd(s1, m, c);
            s2 = Avx512F.FusedMultiplyAdd(s2, m, c); s3 = Avx512F.FusedMultiplyAdd(s3, m, c);
            s4 = Avx512F.FusedMultiplyAdd(s4, m, c); s5 = Avx512F.FusedMultiplyAdd(s5, m, c);
            s6 = Avx512F.FusedMultiplyAdd(s6, m, c); s7 = Avx512F.FusedMultiplyAdd(s7, m, c);
            s8 = Avx512F.FusedMultiplyAdd(s8, m, c); s9 = Avx512F.FusedMultiplyAdd(s9, m, c);
            s10 = Avx512F.FusedMultiplyAdd(s10, m, c); s11 = Avx512F.FusedMultiplyAdd(s11, m, c);
        }
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256()
    {
        var a = Vector256.Create(1f); var m = Vector256.Create(0.999999f); var c = Vector256.Create(1e-7f);
        Vector256<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < Rounds; i++)
        {
            s0 = Fma.MultiplyAdd(s0, m, c); s1 = Fma.MultiplyAdd(s1, m, c);
            s2 = Fma.MultiplyAdd(s2, m, c); s3 = Fma.MultiplyAdd(s3, m, c);
            s4 = Fma.MultiplyAdd(s4, m, c); s5 = Fma.MultiplyAdd(s5, m, c);
            s6 = Fma.MultiplyAdd(s6, m, c); s7 = Fma.MultiplyAdd(s7, m, c);
            s8 = Fma.MultiplyAdd(s8, m, c); s9 = Fma.MultiplyAdd(s9, m, c);
            s10 = Fma.MultiplyAdd(s10, m, c); s11 = Fma.MultiplyAdd(s11, m, c);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }
}
