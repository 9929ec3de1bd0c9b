using System.Globalization;
using System.Text;
using FgClep.Enrichment.Proposers;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;

namespace FgClep.LlamaSharp;

/// <summary>
/// Proposes waveform features with a local GGUF language model (llama.cpp through LLamaSharp; CPU by default, GPU
/// with a GPU backend package and <see cref="LlamaSharpProposerOptions.GpuLayerCount"/>), using the paper's two-turn
/// conversation (<see cref="TwoTurnProposer"/>).
/// </summary>
/// <remarks>
/// The model's own chat template is used when the GGUF file has one; otherwise a plain "User:/Assistant:" prompt.
/// Generation stops at the model's end-of-generation token or after <see cref="LlamaSharpProposerOptions.MaxTokens"/>
/// tokens. One answer is generated at a time (calls are serialised), each in a fresh context. See
/// <see cref="LlamaSharpProposerOptions"/> for which models to download.
/// </remarks>
public sealed class LlamaSharpProposer : TwoTurnProposer, IDisposable
{
    private const string PlainUser = "User: ", PlainAssistant = "Assistant:";
    private readonly LlamaSharpProposerOptions _options;
    private readonly LLamaWeights _weights;
    private readonly ModelParams _parameters;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    /// <summary>Loads the model.</summary>
    /// <param name="options">Settings; <see cref="LlamaSharpProposerOptions.ModelPath"/> must name an existing GGUF file.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a GGUF model llama.cpp can load.</exception>
    public LlamaSharpProposer(LlamaSharpProposerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelPath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokens, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextSize, 64u, nameof(options));
        var path = Path.GetFullPath(options.ModelPath);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The GGUF model file '{path}' does not exist. Download an instruction-tuned GGUF model (for example " +
                "Meta-Llama-3-8B-Instruct.Q4_K_M.gguf or Phi-3-mini-4k-instruct-q4.gguf) and pass its path as ModelPath.", path);
        if (!HasGgufMagic(path))
            throw new InvalidDataException($"'{path}' is not a GGUF file (it does not start with the bytes 'GGUF').");

        _options = options;
        _parameters = new ModelParams(path)
        {
            ContextSize = options.ContextSize,
            GpuLayerCount = options.GpuLayerCount,
            Threads = options.Threads,
        };
        try
        {
            _weights = LLamaWeights.LoadFromFile(_parameters);
        }
        catch (LoadWeightsFailedException e)
        {
            throw new InvalidDataException($"llama.cpp could not load the GGUF model '{path}': {e.Message}", e);
        }

        HasChatTemplate = options.UseChatTemplate && _weights.Metadata.ContainsKey("tokenizer.chat_template");
        Id = "llamasharp:" + Path.GetFileName(path)
            + (options.Temperature != 0 ? ";temperature=" + options.Temperature.ToString(CultureInfo.InvariantCulture) : "")
            + (HasChatTemplate ? "" : ";plain-prompt");
    }

    /// <summary><c>llamasharp:</c> plus the model file name (and the temperature when not 0, and the prompt style when plain).</summary>
    public override string Id { get; }

    /// <summary>Whether the model's own chat template is used (false: the plain "User:/Assistant:" prompt).</summary>
    public bool HasChatTemplate { get; }

    /// <inheritdoc />
    protected override int MaxItemLength => _options.MaxItemLength;

    /// <inheritdoc />
    protected override async Task<string> CompleteAsync(IReadOnlyList<ConversationTurn> conversation, CancellationToken cancellationToken)
    {
        // The model sees its earlier answers without surrounding whitespace.
        var turns = conversation.Select(t => t.Role == ConversationTurn.Assistant ? (t.Role, t.Content.Trim()) : (t.Role, t.Content)).ToList();
        return (await GenerateAsync(BuildPrompt(turns), _options.MaxTokens, cancellationToken).ConfigureAwait(false)).Text;
    }

    /// <summary>The prompt for a conversation, ending where the assistant's next answer begins.</summary>
    internal string BuildPrompt(IReadOnlyList<(string Role, string Content)> conversation)
    {
        if (HasChatTemplate)
        {
            var template = new LLamaTemplate(_weights, strict: true) { AddAssistant = true };
            foreach (var (role, content) in conversation) template.Add(role, content);
            return Encoding.UTF8.GetString(template.Apply());
        }
        var plain = new StringBuilder();
        foreach (var (role, content) in conversation)
            plain.Append(role == "user" ? PlainUser : PlainAssistant + " ").Append(content).Append('\n');
        return plain.Append(PlainAssistant).ToString();
    }

    /// <summary>The model's end-of-sequence token, if it has one.</summary>
    internal LLamaToken? EndOfSequence => _weights.Vocab.EOS;

    /// <summary>Generates up to <paramref name="maxTokens"/> tokens after <paramref name="prompt"/> (with the configured sampler unless one is given).</summary>
    internal async Task<LlamaGeneration> GenerateAsync(string prompt, int maxTokens, CancellationToken ct, ISamplingPipeline? sampler = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var context = _weights.CreateContext(_parameters);
            var promptTokens = context.Tokenize(prompt, addBos: !StartsWithBos(context, prompt), special: true).ToList();
            if (promptTokens.Count + maxTokens > context.ContextSize)
                throw new InvalidOperationException(
                    $"The prompt ({promptTokens.Count} tokens) plus {maxTokens} answer tokens exceed the context of {context.ContextSize} tokens; raise ContextSize.");

            var batch = new LLamaBatch();
            var (result, _, past) = await context.DecodeAsync(promptTokens, LLamaSeqId.Zero, batch, 0, ct).ConfigureAwait(false);
            EnsureDecoded(result);
            int nPast = past;

            using var ownSampler = sampler is null ? CreateSampler() : null;
            var pipeline = sampler ?? ownSampler!;
            var decoder = new StreamingTokenDecoder(context);
            var text = new StringBuilder();
            int generated = 0;
            var stop = LlamaStopReason.MaxTokens;
            while (generated < maxTokens)
            {
                ct.ThrowIfCancellationRequested();
                var token = pipeline.Sample(context.NativeHandle, batch.TokenCount - 1);
                if (token.IsEndOfGeneration(_weights.Vocab)) { stop = LlamaStopReason.EndOfGeneration; break; }
                generated++;
                decoder.Add(token);
                text.Append(decoder.Read());
                if (!HasChatTemplate && CutAtNextTurn(text)) { stop = LlamaStopReason.NextTurn; break; }

                batch.Clear();
                batch.Add(token, nPast++, LLamaSeqId.Zero, true);
                EnsureDecoded(await context.DecodeAsync(batch, ct).ConfigureAwait(false));
            }
            return new LlamaGeneration(text.ToString(), generated, stop);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool StartsWithBos(LLamaContext context, string prompt)
    {
        var bos = context.Vocab.BOS;
        if (bos is null) return false;
        var first = context.Tokenize(prompt, addBos: false, special: true);
        return first.Length > 0 && first[0] == bos.Value;
    }

    private ISamplingPipeline CreateSampler() => _options.Temperature <= 0
        ? new GreedySamplingPipeline()
        : new DefaultSamplingPipeline { Temperature = _options.Temperature, Seed = _options.Seed };

    private static bool CutAtNextTurn(StringBuilder text)
    {
        var s = text.ToString();
        int at = s.IndexOf("\n" + PlainUser.TrimEnd(), StringComparison.Ordinal);
        if (at < 0) return false;
        text.Length = at;
        return true;
    }

    private static void EnsureDecoded(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama.cpp failed to decode the batch: {result}.");
    }

    private static bool HasGgufMagic(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    /// <summary>Frees the model.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _weights.Dispose();
        _gate.Dispose();
    }
}
