using TorchSharp;
using static TorchSharp.torch;
using FgClep.IO;
using FgClep.Modeling.Serialization;

namespace FgClep.Modeling.Text;

/// <summary>
/// Loads Hugging Face BERT weights into a <see cref="BertTextEncoder"/> and saves the encoder's weights in the same formats.
/// Reads <c>model.safetensors</c> and <c>pytorch_model.bin</c> (the zip + pickle format of <c>torch.save</c>), keys with or
/// without the <c>bert.</c> prefix, and the old <c>LayerNorm.gamma</c>/<c>LayerNorm.beta</c> names. Tensors are read on the CPU
/// and copied into the encoder's parameters (on whatever device they are).
/// </summary>
public static class BertCheckpoint
{
    /// <summary>File name of a safetensors checkpoint in a Hugging Face model directory.</summary>
    public const string SafetensorsFileName = "model.safetensors";

    /// <summary>File name of a PyTorch checkpoint in a Hugging Face model directory.</summary>
    public const string PytorchFileName = "pytorch_model.bin";

    private const string BertPrefix = "bert.";
    private const int MaxKeysInMessage = 20;

    /// <summary>Copies the checkpoint's weights into <paramref name="encoder"/>.</summary>
    /// <param name="encoder">The encoder to fill; its config must match the checkpoint's shapes.</param>
    /// <param name="path">A model directory holding <c>model.safetensors</c> (preferred) or <c>pytorch_model.bin</c>, or the file itself
    /// (its format is recognised from its content).</param>
    /// <param name="allowRandomInit">When true, encoder weights missing from the checkpoint keep their random initialisation and are
    /// reported; when false they are an error.</param>
    /// <returns>Which keys were loaded, missing and unexpected (the latter are ignored: <c>cls.*</c> heads, <c>pooler.*</c>, …).</returns>
    /// <exception cref="FileNotFoundException">No checkpoint file at <paramref name="path"/>.</exception>
    /// <exception cref="FgClep.IO.FgClepFormatException">The file is malformed.</exception>
    /// <exception cref="InvalidOperationException">Encoder weights are missing (without <paramref name="allowRandomInit"/>) or a
    /// tensor's shape differs from the encoder's; nothing is copied then.</exception>
    public static BertLoadReport Load(BertTextEncoder encoder, string path, bool allowRandomInit = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var file = ResolveFile(path);
        var stored = PyTorchCheckpointFile.LooksLikeZip(file) ? PyTorchCheckpointFile.Read(file) : SafetensorsFile.Read(file);
        try
        {
            return CopyInto(encoder, stored, file, allowRandomInit);
        }
        finally
        {
            foreach (var t in stored.Values) t.Dispose();
        }
    }

    /// <summary>Saves the encoder's weights as safetensors.</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="path">The file to write, or an existing directory (then <c>model.safetensors</c> inside it).</param>
    /// <param name="withBertPrefix">Prefix keys with <c>bert.</c> as <c>BertForPreTraining</c>/<c>BertForMaskedLM</c> checkpoints do.</param>
    public static void SaveSafetensors(BertTextEncoder encoder, string path, bool withBertPrefix = true)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var file = Directory.Exists(path) ? Path.Combine(path, SafetensorsFileName) : path;
        SafetensorsFile.Write(file, NamedTensors(encoder, withBertPrefix, legacyLayerNormNames: false));
    }

    /// <summary>Saves the encoder's weights in the zip + pickle format of <c>torch.save(state_dict)</c>.</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="path">The file to write, or an existing directory (then <c>pytorch_model.bin</c> inside it).</param>
    /// <param name="withBertPrefix">Prefix keys with <c>bert.</c>.</param>
    /// <param name="legacyLayerNormNames">Name layer-norm parameters <c>gamma</c>/<c>beta</c> as old converted checkpoints do.</param>
    public static void SavePytorchBin(BertTextEncoder encoder, string path, bool withBertPrefix = true, bool legacyLayerNormNames = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var file = Directory.Exists(path) ? Path.Combine(path, PytorchFileName) : path;
        PyTorchCheckpointFile.Write(file, NamedTensors(encoder, withBertPrefix, legacyLayerNormNames));
    }

    /// <summary>The encoder parameter name a stored key stands for: without <c>bert.</c>, gamma/beta renamed.</summary>
    internal static string NormalizeKey(string key)
    {
        var name = key.StartsWith(BertPrefix, StringComparison.Ordinal) ? key[BertPrefix.Length..] : key;
        if (name.EndsWith(".LayerNorm.gamma", StringComparison.Ordinal)) return name[..^"gamma".Length] + "weight";
        if (name.EndsWith(".LayerNorm.beta", StringComparison.Ordinal)) return name[..^"beta".Length] + "bias";
        return name;
    }

    private static string ResolveFile(string path)
    {
        if (File.Exists(path)) return path;
        if (!Directory.Exists(path)) throw new FileNotFoundException($"No BERT checkpoint file or directory at '{path}'.", path);
        foreach (var name in new[] { SafetensorsFileName, PytorchFileName })
        {
            var candidate = Path.Combine(path, name);
            if (File.Exists(candidate)) return candidate;
        }
        var sharded = Directory.EnumerateFiles(path, "*.index.json").Any() ? " Sharded checkpoints (*.index.json) are not supported." : "";
        throw new FileNotFoundException(
            $"Directory '{path}' holds neither {SafetensorsFileName} nor {PytorchFileName}.{sharded}", Path.Combine(path, SafetensorsFileName));
    }

    private static BertLoadReport CopyInto(BertTextEncoder encoder, Dictionary<string, Tensor> stored, string file, bool allowRandomInit)
    {
        var target = encoder.state_dict();
        var matched = new Dictionary<string, Tensor>();
        var unexpected = new List<string>();
        foreach (var (key, tensor) in stored)
        {
            var name = NormalizeKey(key);
            if (target.ContainsKey(name) && matched.TryAdd(name, tensor)) continue;
            unexpected.Add(key);
        }

        var missing = target.Keys.Where(k => !matched.ContainsKey(k)).ToList();
        if (missing.Count > 0 && !allowRandomInit)
            throw new InvalidOperationException(
                $"Checkpoint '{file}' lacks {missing.Count} of the encoder's {target.Count} weights: {Abbreviate(missing)}. " +
                "Is it a BERT checkpoint with this config? Pass allowRandomInit to keep random values for them.");

        var mismatches = matched
            .Where(kv => !kv.Value.shape.SequenceEqual(target[kv.Key].shape))
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", kv.Value.shape)}] vs encoder [{string.Join(", ", target[kv.Key].shape)}]")
            .ToList();
        if (mismatches.Count > 0)
            throw new InvalidOperationException(
                $"Checkpoint '{file}' does not fit the encoder's config (check vocab_size, hidden_size, intermediate_size, " +
                $"max_position_embeddings in config.json): {Abbreviate(mismatches)}.");

        using (no_grad())
        {
            foreach (var (name, tensor) in matched) target[name].copy_(tensor);
        }
        var order = target.Keys.ToList();
        return new BertLoadReport(order.Where(matched.ContainsKey).ToList(), missing, unexpected);
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> NamedTensors(BertTextEncoder encoder, bool withBertPrefix, bool legacyLayerNormNames)
    {
        foreach (var (name, tensor) in encoder.state_dict())
        {
            var key = name;
            if (legacyLayerNormNames && key.EndsWith(".LayerNorm.weight", StringComparison.Ordinal)) key = key[..^"weight".Length] + "gamma";
            else if (legacyLayerNormNames && key.EndsWith(".LayerNorm.bias", StringComparison.Ordinal)) key = key[..^"bias".Length] + "beta";
            yield return new(withBertPrefix ? BertPrefix + key : key, tensor);
        }
    }

    private static string Abbreviate(IReadOnlyList<string> items)
        => items.Count <= MaxKeysInMessage
            ? string.Join(", ", items)
            : string.Join(", ", items.Take(MaxKeysInMessage)) + $", … ({items.Count - MaxKeysInMessage} more)";
}
