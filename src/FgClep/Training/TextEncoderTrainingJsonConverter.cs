using System.Text.Json;
using System.Text.Json.Serialization;

namespace FgClep.Training;

/// <summary>Writes a <see cref="TextEncoderTraining"/> as its text (<c>frozen</c>, <c>finetune</c>, <c>top:N</c>) in checkpoint headers and configs.</summary>
internal sealed class TextEncoderTrainingJsonConverter : JsonConverter<TextEncoderTraining>
{
    public override TextEncoderTraining Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"A text-encoder training mode must be a string; found {reader.TokenType}.");
        var text = reader.GetString();
        return TextEncoderTraining.TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a text-encoder training mode (frozen, finetune or top:N).");
    }

    public override void Write(Utf8JsonWriter writer, TextEncoderTraining value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
