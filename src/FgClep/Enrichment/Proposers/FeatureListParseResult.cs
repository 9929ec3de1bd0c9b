namespace FgClep.Enrichment.Proposers;

/// <summary>The outcome of <see cref="FeatureListParser.Parse"/>.</summary>
/// <param name="Items">Distinct (case-insensitively), trimmed, non-empty items no longer than the length limit, in answer order.</param>
/// <param name="UnparsedFragments">
/// Fragments that could not become items: non-string list elements, unterminated strings, over-long items, or the
/// whole answer when it holds no list.
/// </param>
/// <param name="FoundList">Whether a list (literal, JSON array, bullets or numbering) was found at all.</param>
public sealed record FeatureListParseResult(IReadOnlyList<string> Items, int UnparsedFragments, bool FoundList);
