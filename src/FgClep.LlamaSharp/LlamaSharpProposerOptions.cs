namespace FgClep.LlamaSharp;

/// <summary>Settings of <see cref="LlamaSharpProposer"/>.</summary>
/// <remarks>
/// Use an instruction-tuned chat model in GGUF format that fits your memory, for example
/// <c>Meta-Llama-3-8B-Instruct.Q4_K_M.gguf</c> (about 5 GB of RAM) or the smaller
/// <c>Phi-3-mini-4k-instruct-q4.gguf</c> (about 2.5 GB), downloaded from the model's Hugging Face page, and pass
/// the file's path as <see cref="ModelPath"/>:
/// <code>
/// using var proposer = new LlamaSharpProposer(new LlamaSharpProposerOptions
/// {
///     ModelPath = "/models/Meta-Llama-3-8B-Instruct.Q4_K_M.gguf",
///     GpuLayerCount = 0, // raise it (e.g. 33) with a GPU backend package such as LLamaSharp.Backend.Cuda12
/// });
/// </code>
/// Base (non-instruction) models do not follow the prompts and give unusable answers.
/// </remarks>
public sealed record LlamaSharpProposerOptions
{
    /// <summary>Path of the GGUF model file (required).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Context window in tokens (prompt, first answer, instruction and final answer must fit). Default 4096.</summary>
    public uint ContextSize { get; init; } = 4096;

    /// <summary>CPU threads; null (default) lets llama.cpp choose.</summary>
    public int? Threads { get; init; }

    /// <summary>Model layers offloaded to the GPU (needs a GPU backend package). Default 0 (CPU only).</summary>
    public int GpuLayerCount { get; init; }

    /// <summary>Most tokens generated per answer. Default 512.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Sampling temperature; 0 (default) picks the most likely token every time (deterministic).</summary>
    public float Temperature { get; init; }

    /// <summary>Random seed used when <see cref="Temperature"/> is above 0. Default 1.</summary>
    public uint Seed { get; init; } = 1;

    /// <summary>Use the chat template stored in the model (default true); without one, or when false, a plain "User:/Assistant:" prompt is used.</summary>
    public bool UseChatTemplate { get; init; } = true;

    /// <summary>Items longer than this many characters are dropped from the parsed list. Default 120.</summary>
    public int MaxItemLength { get; init; } = 120;
}
