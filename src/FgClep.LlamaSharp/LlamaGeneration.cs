namespace FgClep.LlamaSharp;

/// <summary>One generated answer: its text, how many tokens were generated and why generation stopped.</summary>
internal sealed record LlamaGeneration(string Text, int TokenCount, LlamaStopReason StopReason);
