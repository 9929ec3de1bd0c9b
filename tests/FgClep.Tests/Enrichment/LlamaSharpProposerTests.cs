using FgClep.Enrichment.Proposers;
using FgClep.LlamaSharp;
using LLama.Native;
using LLama.Sampling;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Enrichment;

/// <summary>
/// The GGUF proposer through the real llama.cpp path with a tiny real Llama model (stories260K, a story generator:
/// its text is meaningless here, only the mechanics are checked).
/// </summary>
[TestClass]
public sealed class LlamaSharpProposerTests
{
    private static LlamaSharpProposer Load(int maxTokens = 16) => new(new LlamaSharpProposerOptions
    {
        ModelPath = SharedData.RequireFile("models/stories260K/stories260K.gguf"),
        ContextSize = 512,
        Threads = 2,
        MaxTokens = maxTokens,
    });

    [TestMethod]
    public void MissingModelFileIsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".gguf");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new LlamaSharpProposer(new LlamaSharpProposerOptions { ModelPath = path }));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "GGUF");
    }

    [TestMethod]
    public void NonGgufFileIsRejected()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not a model");
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new LlamaSharpProposer(new LlamaSharpProposerOptions { ModelPath = path }));
            StringAssert.Contains(e.Message, "GGUF");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task GeneratesTokensAndStopsAtTheTokenLimit()
    {
        using var proposer = Load();
        var generation = await proposer.GenerateAsync("Once upon a time", maxTokens: 8, CancellationToken.None);
        Assert.IsGreaterThan(0, generation.TokenCount);
        Assert.IsLessThanOrEqualTo(8, generation.TokenCount);
        if (generation.StopReason == LlamaStopReason.MaxTokens) Assert.AreEqual(8, generation.TokenCount);
        Assert.IsFalse(string.IsNullOrWhiteSpace(generation.Text));

        var again = await proposer.GenerateAsync("Once upon a time", maxTokens: 8, CancellationToken.None);
        Assert.AreEqual(generation.Text, again.Text, "temperature 0 is deterministic");
    }

    [TestMethod]
    public async Task LongGenerationEndsAtEndOfTextOrExactlyAtTheLimit()
    {
        using var proposer = Load();
        var generation = await proposer.GenerateAsync("Once upon a time", maxTokens: 400, CancellationToken.None);
        if (generation.StopReason == LlamaStopReason.MaxTokens) Assert.AreEqual(400, generation.TokenCount);
        else Assert.IsLessThan(400, generation.TokenCount);
        Assert.IsGreaterThan(0, generation.TokenCount);
    }

    [TestMethod]
    public async Task StopsAtTheEndOfSequenceToken()
    {
        using var proposer = Load();
        var eos = proposer.EndOfSequence;
        Assert.IsNotNull(eos, "stories260K has an end-of-sequence token");
        // Make the end token overwhelmingly likely, so the real end-of-generation check must stop the loop.
        using var sampler = new DefaultSamplingPipeline { LogitBias = new Dictionary<LLamaToken, float> { [eos.Value] = 1000f } };
        var generation = await proposer.GenerateAsync("Once upon a time", maxTokens: 50, CancellationToken.None, sampler);
        Assert.AreEqual(LlamaStopReason.EndOfGeneration, generation.StopReason);
        Assert.AreEqual(0, generation.TokenCount);
        Assert.AreEqual("", generation.Text);
    }

    [TestMethod]
    public void ModelWithoutChatTemplateUsesThePlainPrompt()
    {
        using var proposer = Load();
        Assert.IsFalse(proposer.HasChatTemplate, "stories260K has no chat template");
        var prompt = proposer.BuildPrompt(new List<(string, string)> { ("user", "Q1"), ("assistant", "A1"), ("user", "Q2") });
        Assert.AreEqual("User: Q1\nAssistant: A1\nUser: Q2\nAssistant:", prompt);
        StringAssert.StartsWith(proposer.Id, "llamasharp:stories260K.gguf");
    }

    [TestMethod]
    public async Task ProposesThroughTheRealTwoTurnPath()
    {
        using var proposer = Load(maxTokens: 24);
        var proposal = await proposer.ProposeAsync("Sinus rhythm. Left bundle branch block.");
        Assert.IsNotNull(proposal.RawAnswer);
        Assert.IsTrue(proposal.Features.All(f => f.Length is > 0 and <= 120));

        var runner = new CachedProposalRunner(proposer, cache: null) { Log = _ => { } };
        var result = await runner.ProposeAllAsync(new[] { "Sinus rhythm.", "sinus rhythm" });
        Assert.HasCount(2, result);
        Assert.AreEqual(1, runner.ProposerCalls);
    }

    [TestMethod]
    public async Task CancellationStopsGeneration()
    {
        using var proposer = Load();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => proposer.ProposeAsync("Sinus rhythm.", cts.Token));
    }

    [TestMethod]
    public async Task PromptLongerThanTheContextIsAClearError()
    {
        using var proposer = Load();
        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            proposer.GenerateAsync(string.Concat(Enumerable.Repeat("Once upon a time there was a girl. ", 100)), 16, CancellationToken.None));
        StringAssert.Contains(e.Message, "ContextSize");
    }
}
