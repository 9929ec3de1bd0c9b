using FgClep.Modeling.Text;
using TorchSharp;

namespace FgClep.Modeling;

/// <summary>
/// Builds a new, untrained <see cref="ClepModel"/> and its tokenizer: loads or converts the text encoder the
/// <see cref="TextEncoderSource"/> names, sizes the ECG input to the data's leads, and seeds the random initialisation.
/// </summary>
internal static class ClepModelFactory
{
    /// <summary>
    /// The network and tokenizer for <paramref name="options"/>. <paramref name="reports"/> is read only when the vocabulary
    /// must be built from the training reports; <paramref name="log"/> (default: a trace warning) hears that the text encoder
    /// is random.
    /// </summary>
    public static (ClepModel Network, ReportTokenizer Tokenizer) Create(
        ClepModelOptions options, int leadCount, TextEncoderSource text, Func<IEnumerable<string>> reports, int seed, Action<string>? log)
    {
        ReportTokenizer tokenizer;
        var modelOptions = options;
        string? checkpoint = null;
        if (text.Path is not null && text.Pretrained is not null)
            throw new ArgumentException(
                $"Set either TextEncoderPath ('{text.Path}') or PretrainedTextEncoder ({text.Pretrained.Name}), not both.",
                "PretrainedTextEncoder");
        var textEncoderDirectory = text.Path ?? text.Pretrained?.GetDirectory(text.CacheDirectory);
        if (text.Pretrained is { } pretrained) modelOptions = modelOptions with { TextPooling = pretrained.Pooling };
        if (textEncoderDirectory is not null)
        {
            var dir = textEncoderDirectory;
            var configPath = System.IO.Path.Combine(dir, "config.json");
            var vocabPath = System.IO.Path.Combine(dir, "vocab.txt");
            if (!File.Exists(configPath)) throw new FileNotFoundException($"Text encoder folder '{dir}' has no config.json.", configPath);
            if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Text encoder folder '{dir}' has no vocab.txt.", vocabPath);
            var bert = BertConfig.Load(configPath);
            modelOptions = modelOptions with { Text = bert };
            tokenizer = ReportTokenizer.FromVocabularyFile(vocabPath, bert.DoLowerCase ?? true, text.MaxTokens);
            checkpoint = dir;
        }
        else
        {
            (log ?? (m => System.Diagnostics.Trace.TraceWarning(m)))(
                "The text encoder starts from RANDOM weights: no TextEncoderPath or PretrainedTextEncoder is set, so reports are " +
                "understood only from what this training run teaches it. Set PretrainedTextEncoder = PretrainedTextEncoder.MiniLmL6V2 " +
                "(or a Hugging Face BERT folder in TextEncoderPath) to start from a pretrained language model.");
            tokenizer = text.VocabularyPath is not null
                ? ReportTokenizer.FromVocabularyFile(text.VocabularyPath, text.LowerCase, text.MaxTokens)
                : ReportTokenizer.FromTexts(reports(), text.LowerCase, text.MaxTokens);
            modelOptions = modelOptions with { Text = modelOptions.Text with { VocabSize = tokenizer.VocabularySize } };
        }
        modelOptions = modelOptions with { Ecg = modelOptions.Ecg with { InputChannels = leadCount } };
        if (tokenizer.MaxLength > modelOptions.Text.MaxPositionEmbeddings)
            throw new ArgumentException(
                $"MaxTokens ({tokenizer.MaxLength}) exceeds the text encoder's max_position_embeddings ({modelOptions.Text.MaxPositionEmbeddings}); " +
                "lower MaxTokens or raise Model.Text.MaxPositionEmbeddings.", "MaxTokens");

        torch.random.manual_seed(seed);
        var network = new ClepModel(modelOptions);
        try
        {
            if (checkpoint is not null) BertCheckpoint.Load(network.TextEncoder, checkpoint, allowRandomInit: false);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return (network, tokenizer);
    }
}
