namespace FgClep.Enrichment.Proposers;

/// <summary>A language-model request failed for good (after its retries, or with a non-transient error).</summary>
public sealed class LanguageModelRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The server address, when known.</param>
    /// <param name="model">The model, when known.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="lastStatus">The last failure: an HTTP status such as "429", "timeout", or the error type.</param>
    /// <param name="inner">The last error.</param>
    public LanguageModelRequestException(string? endpoint, string? model, int attempts, string lastStatus, Exception? inner)
        : base($"The chat request to {endpoint ?? "(unknown endpoint)"} for model '{model ?? "(default)"}' failed after {attempts} attempt(s); " +
               $"last status: {lastStatus}{(inner is null ? "" : $" ({inner.Message})")}.", inner)
    {
        Endpoint = endpoint;
        Model = model;
        Attempts = attempts;
        LastStatus = lastStatus;
    }

    /// <summary>The server address, when known.</summary>
    public string? Endpoint { get; }

    /// <summary>The model, when known.</summary>
    public string? Model { get; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; }

    /// <summary>The last failure: an HTTP status code ("429", "500"), "timeout", "connection", or the error type.</summary>
    public string LastStatus { get; }
}
