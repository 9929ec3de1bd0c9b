namespace FgClep.Enrichment.Proposers;

/// <summary>Settings of <see cref="ChatClientProposer"/>.</summary>
public sealed record ChatClientProposerOptions
{
    /// <summary>Model to request; null (default) uses the client's default model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Sampling temperature. Default 0 (deterministic answers, which makes caching exact).</summary>
    public float Temperature { get; init; }

    /// <summary>Most tokens the model may generate per turn. Default 512.</summary>
    public int MaxOutputTokens { get; init; } = 512;

    /// <summary>Time limit of one request (one turn, one attempt); a request that runs over counts as a transient failure. Default 120 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after a transient failure (HTTP 408, 429, 5xx, connection errors, timeouts). Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Wait before the first retry; it doubles with every further retry up to <see cref="MaxBackoff"/>. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional system message sent before the two prompts; null (default) sends none, as in the paper.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Items longer than this many characters are dropped from the parsed list. Default 120.</summary>
    public int MaxItemLength { get; init; } = 120;
}
