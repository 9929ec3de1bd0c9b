using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace FgClep.Tests.Enrichment;

/// <summary>
/// The chat-client proposer against a real loopback HTTP server that speaks the OpenAI chat-completions protocol,
/// through the official OpenAI client (its own retries switched off so the proposer's are tested).
/// </summary>
[TestClass]
public sealed class ChatClientProposerTests
{
    private const string Model = "test-model";

    /// <summary>A Kestrel server on 127.0.0.1 with a random port; the handler answers request number n (from 1).</summary>
    private sealed class FakeOpenAiServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        public ConcurrentQueue<JsonElement> Bodies { get; } = new();
        private readonly Func<int, HttpContext, Task> _handler;
        public int Requests => Volatile.Read(ref _requests);
        public Uri BaseUri { get; private set; } = null!;

        private FakeOpenAiServer(Func<int, HttpContext, Task> handler)
        {
            _handler = handler;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            _app = builder.Build();
            _app.MapPost("/v1/chat/completions", async context =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                Bodies.Enqueue(body.RootElement.Clone());
                await _handler(Interlocked.Increment(ref _requests), context);
            });
        }

        public static async Task<FakeOpenAiServer> StartAsync(Func<int, HttpContext, Task> handler)
        {
            var server = new FakeOpenAiServer(handler);
            await server._app.StartAsync();
            var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/v1");
            return server;
        }

        public IChatClient CreateClient() =>
            new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential("test-key"), new OpenAIClientOptions
            {
                Endpoint = BaseUri,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            }).AsIChatClient();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static Task Answer(HttpContext context, string content)
    {
        context.Response.ContentType = "application/json";
        var json = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1",
            @object = "chat.completion",
            created = 1700000000,
            model = Model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        });
        return context.Response.WriteAsync(json);
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"error":{"message":"busy","type":"server_error"}}""");
    }

    private const string FirstAnswer = "In left bundle branch block you would expect a wide QRS, broad notched R waves in I and V6 and discordant ST-T changes.";
    private const string ListAnswer = "```python\n['wide QRS complex', 'broad notched R waves in lateral leads', 'discordant ST-T changes']\n```";

    private static Task TwoTurns(int n, HttpContext context) => Answer(context, n % 2 == 1 ? FirstAnswer : ListAnswer);

    private static ChatClientProposerOptions Fast(int retries = 2) => new()
    {
        MaxRetries = retries,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(30),
        MaxOutputTokens = 256,
    };

    [TestMethod]
    public async Task GoodAnswerUsesThePapersTwoTurnsAndParsesTheList()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TwoTurns);
        var proposer = new ChatClientProposer(server.CreateClient(), Fast());
        var proposal = await proposer.ProposeAsync("Sinus rhythm. Left bundle branch block.");

        CollectionAssert.AreEqual(new[] { "wide QRS complex", "broad notched R waves in lateral leads", "discordant ST-T changes" }, proposal.Features.ToArray());
        Assert.AreEqual(ListAnswer, proposal.RawAnswer);
        Assert.AreEqual("chat:" + Model, proposer.Id);
        Assert.AreEqual(2, server.Requests);

        var bodies = server.Bodies.ToArray();
        var first = bodies[0].GetProperty("messages");
        Assert.AreEqual(1, first.GetArrayLength());
        Assert.AreEqual(EnrichmentPrompts.FeatureQuestion + "\nSinus rhythm. Left bundle branch block.", Content(first[0]));
        var second = bodies[1].GetProperty("messages");
        Assert.AreEqual(3, second.GetArrayLength());
        Assert.AreEqual("assistant", second[1].GetProperty("role").GetString());
        Assert.AreEqual(FirstAnswer, Content(second[1]));
        Assert.AreEqual(EnrichmentPrompts.ListInstruction, Content(second[2]));
        Assert.AreEqual(0.0, bodies[0].GetProperty("temperature").GetDouble());
        Assert.AreEqual(Model, bodies[0].GetProperty("model").GetString());
        var maxTokens = bodies[0].TryGetProperty("max_completion_tokens", out var m) ? m : bodies[0].GetProperty("max_tokens");
        Assert.AreEqual(256, maxTokens.GetInt32());
    }

    private static string? Content(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    [TestMethod]
    public async Task MalformedJsonFailsAtOnceNamingEndpointAndModel()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"id\": \"x\", \"choices\": [ {\"message\": ");
        });
        var proposer = new ChatClientProposer(server.CreateClient(), Fast());
        var e = await Assert.ThrowsExactlyAsync<LanguageModelRequestException>(() => proposer.ProposeAsync("Sinus rhythm."));
        Assert.AreEqual(1, server.Requests, "a malformed answer is not retried");
        Assert.AreEqual(1, e.Attempts);
        Assert.AreEqual(Model, e.Model);
        StringAssert.Contains(e.Message, "127.0.0.1");
        StringAssert.Contains(e.Message, Model);
    }

    [TestMethod]
    public async Task EmptyAnswerGivesNoFeaturesAndIsSkippedByTheRunner()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, context) => Answer(context, ""));
        var proposer = new ChatClientProposer(server.CreateClient(), Fast());
        var proposal = await proposer.ProposeAsync("Sinus rhythm.");
        Assert.IsEmpty(proposal.Features);
        Assert.AreEqual("", proposal.RawAnswer);

        var runner = new CachedProposalRunner(proposer, cache: null) { Log = _ => { } };
        var result = await runner.ProposeAllAsync(new[] { "LBBB." });
        Assert.AreEqual(1, runner.Skipped);
        Assert.IsEmpty(result["LBBB."].Features);
    }

    [TestMethod]
    public async Task ServerErrorIsRetried()
    {
        await using var server = await FakeOpenAiServer.StartAsync((n, context) => n == 1 ? Status(context, 500) : TwoTurns(n - 1, context));
        var proposal = await new ChatClientProposer(server.CreateClient(), Fast()).ProposeAsync("LBBB.");
        Assert.HasCount(3, proposal.Features);
        Assert.AreEqual(3, server.Requests);
    }

    [TestMethod]
    public async Task PersistentRateLimitFailsAfterTheLastRetryWithItsStatus()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, context) => Status(context, 429));
        var proposer = new ChatClientProposer(server.CreateClient(), Fast(retries: 2));
        var e = await Assert.ThrowsExactlyAsync<LanguageModelRequestException>(() => proposer.ProposeAsync("LBBB."));
        Assert.AreEqual(3, server.Requests);
        Assert.AreEqual(3, e.Attempts);
        Assert.AreEqual("429", e.LastStatus);
        StringAssert.Contains(e.Message, "429");
        StringAssert.Contains(e.Message, server.BaseUri.Authority);
    }

    [TestMethod]
    public async Task RateLimitThenSuccessRecovers()
    {
        await using var server = await FakeOpenAiServer.StartAsync((n, context) => n <= 2 ? Status(context, 429) : TwoTurns(n - 2, context));
        var proposal = await new ChatClientProposer(server.CreateClient(), Fast(retries: 3)).ProposeAsync("LBBB.");
        Assert.HasCount(3, proposal.Features);
        Assert.AreEqual(4, server.Requests);
    }

    [TestMethod]
    public async Task SlowRepliesTimeOutAndAreRetried()
    {
        await using var server = await FakeOpenAiServer.StartAsync(async (_, context) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted); }
            catch (OperationCanceledException) { return; }
            await Answer(context, "too late");
        });
        var options = Fast(retries: 1) with { Timeout = TimeSpan.FromMilliseconds(300) };
        var e = await Assert.ThrowsExactlyAsync<LanguageModelRequestException>(() => new ChatClientProposer(server.CreateClient(), options).ProposeAsync("LBBB."));
        Assert.AreEqual("timeout", e.LastStatus);
        Assert.AreEqual(2, e.Attempts);
        Assert.AreEqual(2, server.Requests);
    }

    [TestMethod]
    public async Task SlowFirstReplyThenFastSucceeds()
    {
        await using var server = await FakeOpenAiServer.StartAsync(async (n, context) =>
        {
            if (n == 1)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            }
            await TwoTurns(n - 1, context);
        });
        // The timeout also bounds the retry, whose first use of the client's response path pays JIT and connection set-up:
        // 500 ms was too little for that on a loaded 2-core machine (the retry itself timed out), so allow 5 s against the 60 s stall.
        var options = Fast(retries: 1) with { Timeout = TimeSpan.FromSeconds(5) };
        var proposal = await new ChatClientProposer(server.CreateClient(), options).ProposeAsync("LBBB.");
        Assert.HasCount(3, proposal.Features);
    }

    [TestMethod]
    public async Task CallerCancellationIsNotWrapped()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TwoTurns);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => new ChatClientProposer(server.CreateClient(), Fast()).ProposeAsync("LBBB.", cts.Token));
    }

    [TestMethod]
    public void IdReflectsModelAndNonDefaultSettings()
    {
        using var client = new OpenAI.Chat.ChatClient("llama-3-8b", new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1") }).AsIChatClient();
        Assert.AreEqual("chat:llama-3-8b", new ChatClientProposer(client).Id);
        Assert.AreEqual("chat:other;temperature=0.7", new ChatClientProposer(client, new ChatClientProposerOptions { ModelId = "other", Temperature = 0.7f }).Id);
        StringAssert.StartsWith(new ChatClientProposer(client, new ChatClientProposerOptions { SystemPrompt = "Be brief." }).Id, "chat:llama-3-8b;system=");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ChatClientProposer(client, new ChatClientProposerOptions { Timeout = TimeSpan.Zero }));
    }
}
