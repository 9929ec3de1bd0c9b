using System.Text.Json;
using FgClep.IO;
using FgClep.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>
/// A training checkpoint: model weights, optimiser state, step, the torch RNG state and the options that made it.
/// Written atomically (temporary file, then rename), so a crash never leaves a half-written checkpoint.
/// </summary>
/// <remarks>
/// *** Binary format (version 1) ***
/// magic "FGCLEPCK" (8 bytes), int32 format version,
/// string (BinaryWriter) JSON header { step, epoch, trainerOptions, modelOptions },
/// model state (TorchSharp Module.save), optimiser state (OptimizerHelper.save_state_dict),
/// int32 length + bytes of the CPU RNG state.
/// </remarks>
internal static class ClepCheckpoint
{
    private const string Magic = "FGCLEPCK";
    public const int FormatVersion = 1;
    private const int MaxHeaderBytes = 1 << 20;

    public sealed record Header(int Step, int Epoch, ClepTrainerOptions TrainerOptions, ClepModelOptions ModelOptions);

    public static void Save(string path, ClepModel model, OptimizerHelper optimizer, Header header)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(header, ModelJson.Options));
            model.save(writer);
            optimizer.save_state_dict(writer);
            using var rng = torch.random.get_rng_state();
            var bytes = rng.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static Header ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Restores weights, optimiser and RNG state into objects built from the same options.</summary>
    public static Header Restore(string path, ClepModel model, OptimizerHelper optimizer)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        model.load(reader);
        optimizer.load_state_dict(reader);
        int n = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (n < 0 || n > left)
            throw new InvalidDataException($"Checkpoint '{path}' gives an RNG state of {n} bytes; only {left} bytes are left in the file.");
        var bytes = reader.ReadBytes(n);
        using var rng = torch.tensor(bytes, dtype: ScalarType.Byte);
        torch.random.set_rng_state(rng);
        return header;
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        var reader = new BinaryReader(RegularFile.OpenRead(path));
        var magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
        if (magic != Magic) { reader.Dispose(); throw new InvalidDataException($"'{path}' is not an FgClep checkpoint (expected magic '{Magic}')."); }
        int version = reader.ReadInt32();
        if (version > FormatVersion || version < 1)
        {
            reader.Dispose();
            throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this FgClep reads up to {FormatVersion}.");
        }
        return reader;
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        // The length prefix of BinaryWriter.Write(string), checked before that many bytes are read.
        int length;
        try { length = reader.Read7BitEncodedInt(); }
        catch (FormatException ex) { throw new InvalidDataException($"Checkpoint '{path}' has a malformed header length.", ex); }
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || length > MaxHeaderBytes || length > left)
            throw new InvalidDataException($"Checkpoint '{path}' gives a header of {length} bytes; expected at most {Math.Min(MaxHeaderBytes, left)}.");
        var json = System.Text.Encoding.UTF8.GetString(reader.ReadBytes(length));
        return JsonSerializer.Deserialize<Header>(json, ModelJson.Options)
            ?? throw new InvalidDataException($"Checkpoint '{path}' has an empty header.");
    }
}
