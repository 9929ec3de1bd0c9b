using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using Microsoft.ML;

namespace FgClep.MLNet;

/// <summary>FG-CLEP's enrichment step on <c>mlContext.Transforms</c>.</summary>
public static class EnrichmentCatalogExtensions
{
    /// <summary>
    /// Proposes waveform features for every report with <paramref name="proposer"/>, keeps those the stage-1
    /// <paramref name="model"/> verifies on the ECG (P = σ(exp(t')·cos + b) above <paramref name="threshold"/>) and appends
    /// them to the report (see <see cref="WaveformEnrichmentEstimator"/>). Stage 2 then trains on the
    /// <paramref name="outputColumnName"/> column.
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Transforms</c>.</param>
    /// <param name="model">The stage-1 model (used, not owned).</param>
    /// <param name="proposer">The feature proposer, e.g. <see cref="KnowledgeBaseProposer.Default"/>.</param>
    /// <param name="threshold">Verification threshold on P. Default 0.5.</param>
    /// <param name="signalColumnName">Preprocessed signal column.</param>
    /// <param name="reportColumnName">Report column.</param>
    /// <param name="outputColumnName">Fine-grained report column.</param>
    public static WaveformEnrichmentEstimator EnrichWaveformFeatures(this TransformsCatalog catalog, FgClepTransformer model,
        IWaveformFeatureProposer proposer, double threshold = 0.5, string signalColumnName = "Signal", string reportColumnName = "Report",
        string outputColumnName = "FineGrainedReport") =>
        EnrichWaveformFeatures(catalog, model, proposer, new WaveformEnrichmentOptions
        {
            Threshold = threshold, SignalColumnName = signalColumnName, ReportColumnName = reportColumnName, OutputColumnName = outputColumnName,
        });

    /// <summary>
    /// The enrichment step with every setting (columns, threshold, TopK, proposal cache path, concurrency, log).
    /// </summary>
    /// <param name="catalog">ML.NET's <c>mlContext.Transforms</c>.</param>
    /// <param name="model">The stage-1 model (used, not owned).</param>
    /// <param name="proposer">The feature proposer.</param>
    /// <param name="options">The settings.</param>
    public static WaveformEnrichmentEstimator EnrichWaveformFeatures(this TransformsCatalog catalog, FgClepTransformer model,
        IWaveformFeatureProposer proposer, WaveformEnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return new WaveformEnrichmentEstimator(model.Model, proposer, options);
    }
}
