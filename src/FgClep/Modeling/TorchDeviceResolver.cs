using TorchSharp;

namespace FgClep.Modeling;

/// <summary>Turns a device name into a TorchSharp device, with a clear error where CUDA is asked for but absent.</summary>
internal static class TorchDeviceResolver
{
    public static torch.Device Resolve(string? name)
    {
        var text = string.IsNullOrWhiteSpace(name) ? "cpu" : name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new InvalidOperationException(
                    $"Device '{name}' was requested but CUDA is not available: this build uses the CPU libtorch or no GPU is visible. " +
                    "Build with -p:FgClepTorchBackend=cuda (needs the TorchSharp-cuda-linux package) on a machine with an NVIDIA GPU, or use Device = \"cpu\".");
            int index = text.Length > 5 && int.TryParse(text.AsSpan(5), out var i) ? i : 0;
            if (index < 0 || index >= torch.cuda.device_count())
                throw new InvalidOperationException($"Device '{name}' was requested but only {torch.cuda.device_count()} CUDA device(s) are visible.");
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{name}'; use \"cpu\", \"cuda\" or \"cuda:N\".", nameof(name));
    }
}
