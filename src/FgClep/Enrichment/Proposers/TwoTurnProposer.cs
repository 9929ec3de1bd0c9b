namespace FgClep.Enrichment.Proposers;

/// <summary>
/// The paper's two-turn conversation, shared by every language-model proposer: <see cref="EnrichmentPrompts.FirstTurn"/>,
/// the model's answer, then <see cref="EnrichmentPrompts.ListInstruction"/>; the final reply is parsed with
/// <see cref="FeatureListParser"/>, falling back to the first reply when the final one holds no list. A subclass only
/// says how to get one answer from its model (<see cref="CompleteAsync"/>).
/// </summary>
public abstract class TwoTurnProposer : IWaveformFeatureProposer
{
    /// <inheritdoc />
    public abstract string Id { get; }

    /// <summary>The longest list item kept by the parser, in characters.</summary>
    protected abstract int MaxItemLength { get; }

    /// <summary>A system prompt to open the conversation with, or null for none.</summary>
    protected virtual string? SystemPrompt => null;

    /// <summary>The model's answer to <paramref name="conversation"/>, which ends with a user turn.</summary>
    protected abstract Task<string> CompleteAsync(IReadOnlyList<ConversationTurn> conversation, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var conversation = new List<ConversationTurn>();
        if (SystemPrompt is { } system) conversation.Add(new ConversationTurn(ConversationTurn.System, system));
        conversation.Add(new ConversationTurn(ConversationTurn.User, EnrichmentPrompts.FirstTurn(report)));
        var first = await CompleteAsync(conversation, cancellationToken).ConfigureAwait(false);

        conversation.Add(new ConversationTurn(ConversationTurn.Assistant, first));
        conversation.Add(new ConversationTurn(ConversationTurn.User, EnrichmentPrompts.ListInstruction));
        var final = await CompleteAsync(conversation, cancellationToken).ConfigureAwait(false);

        var parse = FeatureListParser.Parse(final, MaxItemLength);
        if (!parse.FoundList)
        {
            var fromFirst = FeatureListParser.Parse(first, MaxItemLength);
            if (fromFirst.FoundList) parse = fromFirst with { UnparsedFragments = fromFirst.UnparsedFragments + parse.UnparsedFragments };
        }
        return FeatureProposal.FromParse(final, parse);
    }
}
