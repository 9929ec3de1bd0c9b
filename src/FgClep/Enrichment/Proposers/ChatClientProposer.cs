using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Asks a chat model for waveform features with the paper's two-turn conversation (<see cref="TwoTurnProposer"/>).
/// </summary>
/// <remarks>
/// Works with any <see cref="IChatClient"/>; with <c>Microsoft.Extensions.AI.OpenAI</c> that is any OpenAI-compatible
/// server (vLLM, Ollama, llama.cpp server):
/// <code>
/// IChatClient client = new OpenAI.Chat.ChatClient("meta-llama/Meta-Llama-3-8B-Instruct", new ApiKeyCredential("none"),
///     new OpenAIClientOptions { Endpoint = new Uri("http://my-vllm:8000/v1") }).AsIChatClient();
/// var proposer = new ChatClientProposer(client);
/// </code>
/// Each turn is one request with its own <see cref="ChatClientProposerOptions.Timeout"/>; transient failures
/// (HTTP 408/429/5xx, connection errors, timeouts) are retried with exponential backoff, and the last failure is
/// reported as a <see cref="LanguageModelRequestException"/> naming the endpoint, model and status. Safe to call
/// concurrently when the client is.
/// </remarks>
public sealed class ChatClientProposer : TwoTurnProposer
{
    private readonly IChatClient _client;
    private readonly ChatClientProposerOptions _options;
    private readonly string? _endpoint;
    private readonly string? _model;

    /// <summary>Creates a proposer over <paramref name="client"/>.</summary>
    /// <param name="client">The chat client (not disposed by the proposer).</param>
    /// <param name="options">Settings; null uses the defaults of <see cref="ChatClientProposerOptions"/>.</param>
    public ChatClientProposer(IChatClient client, ChatClientProposerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new ChatClientProposerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxOutputTokens, 1, nameof(options));
        if (_options.Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");

        var metadata = client.GetService<ChatClientMetadata>();
        _endpoint = metadata?.ProviderUri?.ToString();
        _model = _options.ModelId ?? metadata?.DefaultModelId;
        Id = BuildId();
    }

    /// <summary>
    /// <c>chat:</c> plus the model name, plus the temperature and a hash of the system prompt when they differ from
    /// the defaults (the endpoint is not part of it: the same model answers the same anywhere).
    /// </summary>
    public override string Id { get; }

    /// <summary>The settings in use.</summary>
    public ChatClientProposerOptions Options => _options;

    private string BuildId()
    {
        var id = new StringBuilder("chat:").Append(_model ?? "default");
        if (_options.Temperature != 0) id.Append(";temperature=").Append(_options.Temperature.ToString(CultureInfo.InvariantCulture));
        if (_options.SystemPrompt is { } system)
            id.Append(";system=").Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(system)))[..12]);
        return id.ToString();
    }

    /// <inheritdoc />
    protected override int MaxItemLength => _options.MaxItemLength;

    /// <inheritdoc />
    protected override string? SystemPrompt => _options.SystemPrompt;

    /// <inheritdoc />
    protected override Task<string> CompleteAsync(IReadOnlyList<ConversationTurn> conversation, CancellationToken cancellationToken) =>
        SendAsync(conversation.Select(t => new ChatMessage(new ChatRole(t.Role), t.Content)).ToList(), cancellationToken);

    private async Task<string> SendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken ct)
    {
        var chatOptions = new ChatOptions
        {
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            ModelId = _options.ModelId,
        };
        var backoff = _options.InitialBackoff;
        for (int attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            Exception error;
            string status;
            bool transient;
            try
            {
                var response = await _client.GetResponseAsync(messages, chatOptions, timeout.Token).ConfigureAwait(false);
                return response.Text ?? "";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
            {
                (error, status, transient) = (e, RequestFailure.Timeout, true);
            }
            catch (Exception e)
            {
                error = e;
                (transient, status) = RequestFailure.Classify(e);
            }

            if (!transient || attempt > _options.MaxRetries)
                throw new LanguageModelRequestException(_endpoint, _model, attempt, status, error);
            await Task.Delay(backoff, ct).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }
}
