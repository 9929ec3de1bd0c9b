using System.Text.Json.Nodes;
using System.Text.Json;
using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// BERT hyper-parameters, read from and written to a Hugging Face <c>config.json</c> (snake_case field names).
/// The defaults are BERT-Base uncased.
/// </summary>
public sealed record BertConfig
{
    /// <summary>Vocabulary size (<c>vocab_size</c>).</summary>
    public int VocabSize { get; init; } = 30522;

    /// <summary>Hidden width (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; init; } = 768;

    /// <summary>Number of transformer layers (<c>num_hidden_layers</c>).</summary>
    public int NumHiddenLayers { get; init; } = 12;

    /// <summary>Number of attention heads (<c>num_attention_heads</c>); must divide <see cref="HiddenSize"/>.</summary>
    public int NumAttentionHeads { get; init; } = 12;

    /// <summary>Feed-forward width (<c>intermediate_size</c>).</summary>
    public int IntermediateSize { get; init; } = 3072;

    /// <summary>Longest supported sequence (<c>max_position_embeddings</c>).</summary>
    public int MaxPositionEmbeddings { get; init; } = 512;

    /// <summary>Number of token types (<c>type_vocab_size</c>).</summary>
    public int TypeVocabSize { get; init; } = 2;

    /// <summary>Layer-norm epsilon (<c>layer_norm_eps</c>).</summary>
    public double LayerNormEps { get; init; } = 1e-12;

    /// <summary>Dropout after embeddings and sub-layers (<c>hidden_dropout_prob</c>).</summary>
    public double HiddenDropoutProb { get; init; } = 0.1;

    /// <summary>Dropout on attention probabilities (<c>attention_probs_dropout_prob</c>).</summary>
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    /// <summary>Feed-forward activation (<c>hidden_act</c>): <c>gelu</c> (exact, erf), <c>gelu_new</c>/<c>gelu_pytorch_tanh</c> (tanh approximation) or <c>relu</c>.</summary>
    public string HiddenAct { get; init; } = "gelu";

    /// <summary>Standard deviation of the normal initialisation of a randomly initialised model (<c>initializer_range</c>).</summary>
    public double InitializerRange { get; init; } = 0.02;

    /// <summary>Whether the matching tokenizer lower-cases (<c>do_lower_case</c>); null when the file does not say.</summary>
    public bool? DoLowerCase { get; init; }

    /// <summary>Reads a Hugging Face <c>config.json</c>. Fields it does not contain keep their defaults; unknown fields are ignored.</summary>
    /// <param name="configJsonPath">Path of the JSON file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FgClepFormatException">The file is not JSON, or a known field has the wrong type.</exception>
    public static BertConfig Load(string configJsonPath)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(RegularFile.ReadAllText(configJsonPath)) as JsonObject
                ?? throw new FgClepFormatException(configJsonPath, null, "expected a JSON object at the top level.");
        }
        catch (JsonException ex)
        {
            throw new FgClepFormatException(configJsonPath, $"line {ex.LineNumber + 1}", $"expected valid JSON: {ex.Message}", ex);
        }

        var d = new BertConfig();
        var config = new BertConfig
        {
            VocabSize = Read(root, "vocab_size", d.VocabSize, configJsonPath),
            HiddenSize = Read(root, "hidden_size", d.HiddenSize, configJsonPath),
            NumHiddenLayers = Read(root, "num_hidden_layers", d.NumHiddenLayers, configJsonPath),
            NumAttentionHeads = Read(root, "num_attention_heads", d.NumAttentionHeads, configJsonPath),
            IntermediateSize = Read(root, "intermediate_size", d.IntermediateSize, configJsonPath),
            MaxPositionEmbeddings = Read(root, "max_position_embeddings", d.MaxPositionEmbeddings, configJsonPath),
            TypeVocabSize = Read(root, "type_vocab_size", d.TypeVocabSize, configJsonPath),
            LayerNormEps = Read(root, "layer_norm_eps", d.LayerNormEps, configJsonPath),
            HiddenDropoutProb = Read(root, "hidden_dropout_prob", d.HiddenDropoutProb, configJsonPath),
            AttentionProbsDropoutProb = Read(root, "attention_probs_dropout_prob", d.AttentionProbsDropoutProb, configJsonPath),
            HiddenAct = Read(root, "hidden_act", d.HiddenAct, configJsonPath),
            InitializerRange = Read(root, "initializer_range", d.InitializerRange, configJsonPath),
            DoLowerCase = root.ContainsKey("do_lower_case") ? Read(root, "do_lower_case", false, configJsonPath) : null,
        };
        return config;
    }

    /// <summary>Writes this configuration as a Hugging Face <c>config.json</c> for a <c>BertModel</c>.</summary>
    /// <param name="configJsonPath">Path of the JSON file to create or overwrite.</param>
    public void Save(string configJsonPath)
    {
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray("BertModel"),
            ["model_type"] = "bert",
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = HiddenSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["intermediate_size"] = IntermediateSize,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["type_vocab_size"] = TypeVocabSize,
            ["layer_norm_eps"] = LayerNormEps,
            ["hidden_dropout_prob"] = HiddenDropoutProb,
            ["attention_probs_dropout_prob"] = AttentionProbsDropoutProb,
            ["hidden_act"] = HiddenAct,
            ["initializer_range"] = InitializerRange,
            ["pad_token_id"] = 0,
            ["position_embedding_type"] = "absolute",
        };
        if (DoLowerCase is bool lower) root["do_lower_case"] = lower;
        File.WriteAllText(configJsonPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Throws when the sizes are inconsistent (e.g. heads not dividing the hidden width).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabSize, 1, nameof(VocabSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1, nameof(HiddenSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumHiddenLayers, 0, nameof(NumHiddenLayers));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumAttentionHeads, 1, nameof(NumAttentionHeads));
        ArgumentOutOfRangeException.ThrowIfLessThan(IntermediateSize, 1, nameof(IntermediateSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPositionEmbeddings, 1, nameof(MaxPositionEmbeddings));
        ArgumentOutOfRangeException.ThrowIfLessThan(TypeVocabSize, 1, nameof(TypeVocabSize));
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ArgumentException($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}.");
        _ = BertIntermediate.ResolveActivation(HiddenAct);
    }

    private static T Read<T>(JsonObject root, string name, T fallback, string path)
    {
        if (!root.TryGetPropertyValue(name, out var node) || node is null) return fallback;
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new FgClepFormatException(path, $"field \"{name}\"", $"expected a {typeof(T).Name} value; found {node.ToJsonString()}.", ex);
        }
    }
}
