using System.Globalization;
using System.Text.Json.Serialization;

namespace FgClep.Training;

/// <summary>
/// Which part of the text encoder trains: <see cref="FineTune"/> (all of it), <see cref="Frozen"/> (none of it: only the text
/// projection, the ECG side and the logit scale and bias train) or <see cref="TopLayers"/> (the top n transformer layers).
/// The text projection always trains.
/// </summary>
/// <remarks>
/// With <see cref="Frozen"/> (locked-text tuning, as in LiT) the trainer encodes each unique report once, in evaluation mode
/// (no dropout), before the first step and keeps the pooled vectors in memory, so a training step costs little more than the
/// ECG side alone. Validation and inference are unchanged: the frozen encoder gives the same vectors there.
/// Written as <c>finetune</c>, <c>frozen</c> or <c>top:N</c> (see <see cref="ToString"/> and <see cref="Parse"/>).
/// </remarks>
[JsonConverter(typeof(TextEncoderTrainingJsonConverter))]
public sealed record TextEncoderTraining
{
    private TextEncoderTraining(TextEncoderTrainingMode mode, int layers)
    {
        Mode = mode;
        Layers = layers;
    }

    /// <summary>Every text-encoder parameter trains (the paper's setting).</summary>
    public static TextEncoderTraining FineTune { get; } = new(TextEncoderTrainingMode.FineTune, 0);

    /// <summary>The text encoder is frozen and its outputs are cached per unique report; only the text projection trains on the text side.</summary>
    public static TextEncoderTraining Frozen { get; } = new(TextEncoderTrainingMode.Frozen, 0);

    /// <summary>The embeddings and all but the top <paramref name="layers"/> transformer layers are frozen.</summary>
    /// <param name="layers">Trainable layers, from the top: at least 1 and at most the encoder's layer count (checked by the trainer).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layers"/> is below 1.</exception>
    public static TextEncoderTraining TopLayers(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        return new(TextEncoderTrainingMode.TopLayers, layers);
    }

    /// <summary>The mode.</summary>
    public TextEncoderTrainingMode Mode { get; }

    /// <summary>Trainable top layers with <see cref="TextEncoderTrainingMode.TopLayers"/>; 0 otherwise.</summary>
    public int Layers { get; }

    /// <summary>How many of <paramref name="layerCount"/> layers, from the bottom, are frozen (with the embeddings, when above 0).</summary>
    internal int FrozenLayers(int layerCount) => Mode switch
    {
        TextEncoderTrainingMode.FineTune => 0,
        TextEncoderTrainingMode.Frozen => layerCount,
        _ => layerCount - Layers,
    };

    /// <summary><c>finetune</c>, <c>frozen</c> or <c>top:N</c>.</summary>
    public override string ToString() => Mode switch
    {
        TextEncoderTrainingMode.FineTune => "finetune",
        TextEncoderTrainingMode.Frozen => "frozen",
        _ => string.Create(CultureInfo.InvariantCulture, $"top:{Layers}"),
    };

    /// <summary>Reads <c>finetune</c>, <c>frozen</c> or <c>top:N</c> (N ≥ 1; case-insensitive).</summary>
    /// <exception cref="FormatException">Any other text.</exception>
    public static TextEncoderTraining Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a text-encoder training mode: use frozen, finetune or top:N (N at least 1).");

    /// <summary>Reads <c>finetune</c>, <c>frozen</c> or <c>top:N</c> (N ≥ 1; case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TextEncoderTraining? value)
    {
        value = null;
        var t = text?.Trim();
        if (string.Equals(t, "finetune", StringComparison.OrdinalIgnoreCase)) value = FineTune;
        else if (string.Equals(t, "frozen", StringComparison.OrdinalIgnoreCase)) value = Frozen;
        else if (t is not null && t.StartsWith("top:", StringComparison.OrdinalIgnoreCase)
                 && int.TryParse(t.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
            value = TopLayers(n);
        return value is not null;
    }
}
