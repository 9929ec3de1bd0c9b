using System.Runtime.InteropServices;

namespace FgClep.Modeling;

/// <summary>
/// Keeps glibc's malloc from handing freed memory back to the kernel between training steps. By default glibc serves large
/// blocks with fresh <c>mmap</c>s and trims the heap top whenever enough is free, so every step's activations are mapped,
/// zero-filled page by page (thousands of minor page faults per step) and unmapped again. With fixed thresholds (the same as
/// <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…:glibc.malloc.trim_threshold=…</c>) freed memory stays in the heap for the
/// next step: the peer benchmark measured 3,400 → 1,500 faults per training step and 1,200–4,000 → 0 per inference batch,
/// and a step up to a quarter faster (<c>tests/FgClep.Benchmarks -- peer</c>).
/// </summary>
/// <remarks>
/// Applied once per process when the first <see cref="ClepModel"/> is built (glibc on Linux only). It changes malloc for the
/// whole process: memory freed after a burst stays reserved by the process (up to the largest burst), which is what a
/// training or scoring run wants. Set <c>FGCLEP_MALLOC_TUNING=0</c> to leave malloc alone; a malloc setting in
/// <c>GLIBC_TUNABLES</c> is also left as the user set it.
/// </remarks>
internal static class MallocTuning
{
    private const int MTrimThreshold = -1, MMmapThreshold = -3;

    /// <summary>glibc's largest accepted mmap threshold on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX, 32 MiB).</summary>
    private const int MmapThreshold = 32 * 1024 * 1024;

    private const int TrimThreshold = int.MaxValue;
    private static int _done;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    /// <summary>Once per process: fixes malloc's mmap and trim thresholds (see the type's remarks for when it does not).</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("FGCLEP_MALLOC_TUNING") == "0") return;
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal)) return;
        try
        {
            // glibc only (musl has no mallopt, and the import fails); a refused setting leaves glibc's default in place.
            Mallopt(MMmapThreshold, MmapThreshold);
            Mallopt(MTrimThreshold, TrimThreshold);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }
}
