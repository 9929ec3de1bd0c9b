namespace FgClep.LlamaSharp;

/// <summary>Why generation stopped.</summary>
internal enum LlamaStopReason
{
    /// <summary>The model produced an end-of-generation token.</summary>
    EndOfGeneration,

    /// <summary>The token limit was reached.</summary>
    MaxTokens,

    /// <summary>With the plain prompt, the model started writing the next "User:" turn.</summary>
    NextTurn,
}
