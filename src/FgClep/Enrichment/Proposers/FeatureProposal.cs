namespace FgClep.Enrichment.Proposers;

/// <summary>The waveform features proposed for one report.</summary>
/// <param name="Features">Distinct, trimmed feature phrases (may be empty).</param>
/// <param name="RawAnswer">The answer the features were parsed from (the model's final reply), kept for auditing.</param>
/// <param name="UnparsedFragments">How many fragments of the answer could not be turned into a feature.</param>
public sealed record FeatureProposal(IReadOnlyList<string> Features, string RawAnswer, int UnparsedFragments)
{
    /// <summary>A proposal without features (used for skipped reports).</summary>
    public static FeatureProposal Empty { get; } = new(Array.Empty<string>(), "", 0);

    /// <summary>A proposal built from a parse of <paramref name="rawAnswer"/>.</summary>
    /// <param name="rawAnswer">The answer that was parsed.</param>
    /// <param name="parse">Its parse.</param>
    public static FeatureProposal FromParse(string rawAnswer, FeatureListParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new FeatureProposal(parse.Items, rawAnswer ?? "", parse.UnparsedFragments);
    }
}
