namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Proposes the waveform features most likely present in ECGs described by a report (stage 2 of FG-CLEP: the
/// proposals are later verified against each ECG by the stage-1 model). Implementations: the offline
/// <see cref="KnowledgeBaseProposer"/>, <see cref="ChatClientProposer"/> (any OpenAI-compatible server) and the local
/// GGUF proposer in the <c>FgClep.LlamaSharp</c> package.
/// </summary>
public interface IWaveformFeatureProposer
{
    /// <summary>
    /// A stable identifier of the proposer and its settings (including the model name); it is part of the
    /// <see cref="ProposalCache"/> key, so two proposers giving different answers must have different ids.
    /// </summary>
    string Id { get; }

    /// <summary>Proposes waveform features for one report.</summary>
    /// <param name="report">The free-text ECG report.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The parsed features with the raw answer they came from.</returns>
    Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default);
}
