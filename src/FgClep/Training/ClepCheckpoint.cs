using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FgClep.IO;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>
/// A training checkpoint: model weights, optimiser state, step, the torch RNG state, the options that made it and the
/// run's history so far (per-step losses and per-epoch validation). Written atomically (temporary file, then rename), so a
/// crash never leaves a half-written checkpoint; a failed write removes its temporary file.
/// </summary>
/// <remarks>
/// *** Binary format (version 2) ***
/// magic "FGCLEPCK" (8 bytes), int32 format version,
/// string (BinaryWriter) JSON header { step, epoch, trainerOptions, modelOptions, totalSteps, losses, validation },
/// model state (TorchSharp Module.save), optimiser state (OptimizerHelper.save_state_dict),
/// int32 length + bytes of the CPU RNG state,
/// then a trailer: int64 length of everything before it, magic "FGCLEPCK" (so a truncated file is told apart before loading).
/// Version 1 (no history, no trailer) is still read; its history is empty.
/// </remarks>
internal static class ClepCheckpoint
{
    private const string Magic = "FGCLEPCK";
    public const int FormatVersion = 2;
    private const int TrailerLength = sizeof(long) + 8;
    private const int MaxHeaderBytes = 1 << 20;

    private static readonly JsonSerializerOptions Json = new(ModelJson.Options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public sealed record Header(int Step, int Epoch, ClepTrainerOptions TrainerOptions, ClepModelOptions ModelOptions,
        int? TotalSteps = null, IReadOnlyList<TrainingStepLoss>? Losses = null, IReadOnlyList<ValidationResult>? Validation = null);

    public static void Save(string path, ClepModel model, OptimizerHelper optimizer, Header header)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = File.Create(temp))
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
                writer.Write(FormatVersion);
                writer.Write(JsonSerializer.Serialize(header, Json));
                model.save(writer);
                optimizer.save_state_dict(writer);
                using var rng = torch.random.get_rng_state();
                var bytes = rng.data<byte>().ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
                writer.Flush();
                writer.Write(stream.Position);
                writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A full disk must not stay full because of our half-written file.
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that writers of <paramref name="checkpointPath"/> left behind when they were killed
    /// (<c>.NAME.PID.tmp</c> whose process is gone). Returns how many were removed.
    /// </summary>
    public static int RemoveOrphans(string checkpointPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        if (!Directory.Exists(dir)) return 0;
        var prefix = $".{Path.GetFileName(checkpointPath)}.";
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            var pidText = Path.GetFileName(file)[prefix.Length..^".tmp".Length];
            if (!int.TryParse(pidText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid != Environment.ProcessId && IsRunning(pid)) continue;
            try { File.Delete(file); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads the header, and for format 2 and later checks that the file is whole (not truncated).</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, or of a newer format; the message names the file.</exception>
    public static Header ReadHeader(string path)
    {
        using var reader = Open(path, out int version);
        var header = ReadHeader(reader, path);
        if (version >= 2) CheckTrailer(reader.BaseStream, path);
        return header;
    }

    /// <summary>Restores weights, optimiser and RNG state into objects built from the same options.</summary>
    /// <exception cref="InvalidDataException">The file is damaged or was written for another architecture; the message names it.</exception>
    public static Header Restore(string path, ClepModel model, OptimizerHelper optimizer)
    {
        using var reader = Open(path, out int version);
        var header = ReadHeader(reader, path);
        if (version >= 2) CheckTrailer(reader.BaseStream, path);
        try
        {
            model.load(reader);
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' cannot be restored into this model: {e.Message}", e);
        }
        int n = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (n < 0 || n > left)
            throw new InvalidDataException($"Checkpoint '{path}' gives an RNG state of {n} bytes; only {left} bytes are left in the file.");
        var bytes = reader.ReadBytes(n);
        using var rng = torch.tensor(bytes, dtype: ScalarType.Byte);
        torch.random.set_rng_state(rng);
        return header;
    }

    private static void CheckTrailer(Stream stream, string path)
    {
        long length = stream.Length;
        if (length >= TrailerLength)
        {
            var position = stream.Position;
            stream.Seek(length - TrailerLength, SeekOrigin.Begin);
            var trailer = new byte[TrailerLength];
            stream.ReadExactly(trailer);
            stream.Seek(position, SeekOrigin.Begin);
            long body = BitConverter.ToInt64(trailer, 0);
            if (body == length - TrailerLength && System.Text.Encoding.ASCII.GetString(trailer, sizeof(long), 8) == Magic) return;
        }
        throw new InvalidDataException($"Checkpoint '{path}' is truncated or damaged ({length} bytes, no intact end marker).");
    }

    private static BinaryReader Open(string path, out int version)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        var reader = new BinaryReader(RegularFile.OpenRead(path));
        try
        {
            var magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
            if (magic != Magic) throw new InvalidDataException($"'{path}' is not an FgClep checkpoint (expected magic '{Magic}').");
            version = reader.ReadInt32();
            if (version > FormatVersion || version < 1)
                throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this FgClep reads up to {FormatVersion}.");
            return reader;
        }
        catch (EndOfStreamException e)
        {
            reader.Dispose();
            throw new InvalidDataException($"Checkpoint '{path}' is truncated ({e.Message}).", e);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        // The length prefix of BinaryWriter.Write(string), checked before that many bytes are read.
        int length;
        try { length = reader.Read7BitEncodedInt(); }
        catch (Exception e) when (e is FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has a malformed header length.", e);
        }
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || length > MaxHeaderBytes || length > left)
            throw new InvalidDataException($"Checkpoint '{path}' gives a header of {length} bytes; expected at most {Math.Min(MaxHeaderBytes, left)}.");
        try
        {
            var json = System.Text.Encoding.UTF8.GetString(reader.ReadBytes(length));
            return JsonSerializer.Deserialize<Header>(json, Json)
                   ?? throw new InvalidDataException($"Checkpoint '{path}' has an empty header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has an unreadable header ({e.Message}).", e);
        }
    }
}
