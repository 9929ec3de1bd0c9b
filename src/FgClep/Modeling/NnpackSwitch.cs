using System.Runtime.InteropServices;

namespace FgClep.Modeling;

/// <summary>
/// Turns libtorch's NNPACK convolutions off. On CPUs where NNPACK cannot run (this project's AMD EPYC build machines among
/// them), libtorch 2.10 tries it again on every qualifying CPU convolution and prints "Could not initialize NNPACK! Reason:
/// Unsupported hardware." each time: thousands of lines in a scoring run. Asking whether NNPACK is available prints that line
/// too, so it is switched off without asking; libtorch's oneDNN and native convolutions run instead, as they do for every
/// other shape. TorchSharp has no switch for it, so this calls <c>at::globalContext().setUserEnabledNNPACK(false)</c>, the
/// function behind PyTorch's <c>torch.backends.nnpack.set_flags(False)</c>, from libtorch_cpu (Linux x64 only; elsewhere, or
/// if the symbols are missing, nothing changes).
/// </summary>
internal static class NnpackSwitch
{
    private const string Library = "torch_cpu";
    private static int _done;

    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);

    /// <summary>Whether libtorch will try NNPACK (Linux x64 only).</summary>
    internal static bool Enabled() => UserEnabledNnpack(GlobalContext());

    /// <summary>Once per process, after TorchSharp has loaded libtorch: disables NNPACK.</summary>
    public static void Disable()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        try
        {
            SetUserEnabledNnpack(GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another libtorch build: leave its settings alone.
        }
    }
}
