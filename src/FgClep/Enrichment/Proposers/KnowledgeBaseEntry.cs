namespace FgClep.Enrichment.Proposers;

/// <summary>One diagnostic statement of the <see cref="KnowledgeBaseProposer"/> table.</summary>
/// <param name="Code">Identifier: the PTB-XL SCP code when <paramref name="Source"/> is <c>scp</c> (e.g. <c>LVH</c>), else a short name.</param>
/// <param name="Source"><c>scp</c> for the 71 PTB-XL SCP statements, <c>extra</c> for other common report statements, <c>finding</c> for a waveform finding stated as such (its one feature).</param>
/// <param name="Name">The statement's English description (for SCP statements exactly as in <c>scp_statements.csv</c>); also matched.</param>
/// <param name="Criterion">A short clinical criterion of the statement.</param>
/// <param name="Phrases">Further phrases (synonyms, abbreviations, German and Swedish wording) that name the statement in a report.</param>
/// <param name="Features">The waveform features that define or usually accompany the statement.</param>
public sealed record KnowledgeBaseEntry(
    string Code, string Source, string Name, string Criterion, IReadOnlyList<string> Phrases, IReadOnlyList<string> Features);
