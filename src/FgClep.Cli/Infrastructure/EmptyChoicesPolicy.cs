using System.ClientModel.Primitives;
using System.Text.Json;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Turns a chat-completion answer with an empty <c>choices</c> list (which the OpenAI client would fail on with an index
/// error) into an error that says so.
/// </summary>
internal sealed class EmptyChoicesPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Check(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Check(message);
    }

    private static void Check(PipelineMessage message)
    {
        if (message.Response is not { IsError: false } response || !message.BufferResponse) return;
        bool empty;
        try
        {
            using var doc = JsonDocument.Parse(response.Content);
            empty = doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("choices", out var choices)
                    && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() == 0;
        }
        catch (JsonException)
        {
            return;
        }
        if (empty)
            throw new InvalidDataException($"The server at {message.Request.Uri} answered with an empty \"choices\" list (no completion)");
    }
}
