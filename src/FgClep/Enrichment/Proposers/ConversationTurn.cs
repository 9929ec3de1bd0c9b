namespace FgClep.Enrichment.Proposers;

/// <summary>One message of a proposer's conversation with a language model.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message text.</param>
public readonly record struct ConversationTurn(string Role, string Content)
{
    /// <summary>The role of a system prompt.</summary>
    public const string System = "system";

    /// <summary>The role of the user's messages (the prompts).</summary>
    public const string User = "user";

    /// <summary>The role of the model's answers.</summary>
    public const string Assistant = "assistant";
}
