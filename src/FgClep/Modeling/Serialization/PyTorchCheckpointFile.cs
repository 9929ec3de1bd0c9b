using System.Collections;
using FgClep.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FgClep.Modeling.Serialization;

/// <summary>
/// Reads and writes state dicts in the zip + pickle format that <c>torch.save</c> writes (e.g. <c>pytorch_model.bin</c>),
/// through TorchSharp.PyBridge. Tensors are loaded on the CPU.
/// </summary>
internal static class PyTorchCheckpointFile
{
    /// <summary>True when the file starts with the zip signature <c>PK\x03\x04</c>.</summary>
    public static bool LooksLikeZip(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
    }

    /// <summary>Reads the tensors of a state dict.</summary>
    /// <exception cref="FgClepFormatException">The file is not a readable <c>torch.save</c> zip archive or holds no tensors.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!LooksLikeZip(path))
            throw new FgClepFormatException(path, "byte 0",
                "expected a zip archive (PK\\x03\\x04) as torch.save writes since PyTorch 1.6; found another signature " +
                "(a legacy torch.save file? re-save it with a recent PyTorch or convert it to safetensors).");
        Hashtable table;
        try
        {
            using var stream = RegularFile.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FgClepFormatException(path, null, $"expected a state dict pickled by torch.save; reading it failed: {ex.Message}", ex);
        }

        var result = new Dictionary<string, Tensor>(table.Count);
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string key && entry.Value is Tensor tensor) result[key] = tensor;
        if (result.Count == 0)
            throw new FgClepFormatException(path, null, "expected a state dict of named tensors; found no tensors.");
        return result;
    }

    /// <summary>Writes a state dict (tensors moved to the CPU, made contiguous) that <c>torch.load</c> reads.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        using var scope = NewDisposeScope();
        var cpu = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in tensors) cpu[name] = tensor.detach().cpu().contiguous();
        using var stream = File.Create(path);
        PyTorchPickler.PickleStateDict(stream, cpu);
    }
}
