using System.ClientModel;
using System.ClientModel.Primitives;
using System.CommandLine;
using FgClep.Enrichment.Proposers;
using Microsoft.Extensions.AI;
using OpenAI;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary><c>fgclep enrich openai --endpoint URL --model NAME</c>: proposals from an OpenAI-compatible server (vLLM, Ollama, llama.cpp server, ...).</summary>
internal sealed class EnrichOpenAiCommand : EnrichCommand
{
    private readonly Option<string> _endpoint = new("--endpoint") { Description = "Base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama).", Required = true, HelpName = "URL" };
    private readonly Option<string> _model = new("--model") { Description = "Model name on that server, e.g. meta-llama/Meta-Llama-3-8B-Instruct.", Required = true, HelpName = "NAME" };
    private readonly Option<string> _apiKeyVariable = new("--api-key-env") { Description = "Environment variable holding the API key (local servers usually need none).", DefaultValueFactory = _ => "OPENAI_API_KEY" };
    private readonly Option<int> _timeout = new("--timeout") { Description = "Seconds to wait for one answer before retrying.", DefaultValueFactory = _ => 120 };
    private readonly Option<int> _retries = new("--retries") { Description = "Retries of a failed request (with backoff).", DefaultValueFactory = _ => 4 };

    public EnrichOpenAiCommand() : base("openai", "Propose waveform features with a language model behind an OpenAI-compatible API, verify them with the stage-1 model, write fine-grained reports.",
        "fgclep enrich openai --endpoint http://localhost:8000/v1 --model meta-llama/Meta-Llama-3-8B-Instruct --mimic data/mimic-iv-ecg --clep runs/clep/model.fgclep --concurrency 16 --out runs/enrich",
        "fgclep enrich openai --endpoint http://localhost:11434/v1 --model llama3 --synthetic 2000 --clep runs/clep/model.fgclep --out runs/enrich-ollama")
    {
        Add(_endpoint, _model, _apiKeyVariable, _timeout, _retries);
        _timeout.Whole(1);
        _retries.Whole(0, 100);
    }

    protected override IWaveformFeatureProposer CreateProposer(ParseResult result, CliOutput output)
    {
        string endpoint = result.GetValue(_endpoint)!;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--endpoint '{endpoint}' is not an http(s) URL", "e.g. --endpoint http://localhost:8000/v1");
        string model = result.GetValue(_model)!;
        string key = Environment.GetEnvironmentVariable(result.GetValue(_apiKeyVariable)!) is { Length: > 0 } k ? k : "none";
        var timeout = TimeSpan.FromSeconds(result.GetValue(_timeout));
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = uri,
            // One retry policy: ours (--retries, with backoff, in ChatClientProposer); the client's own would multiply it.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Our --timeout ends a request; the client's network timeout must not end it first.
            NetworkTimeout = timeout + TimeSpan.FromSeconds(10),
        };
        clientOptions.AddPolicy(new EmptyChoicesPolicy(), PipelinePosition.PerCall);
        var client = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key), clientOptions).AsIChatClient();
        return new ChatClientProposer(client, new ChatClientProposerOptions
        {
            ModelId = model,
            Timeout = timeout,
            MaxRetries = result.GetValue(_retries),
        });
    }
}
