
namespace FgClep.Datasets.Synthetic;

/// <summary>Settings of <see cref="FgClep.MLNet.EcgDataCatalogExtensions.LoadSyntheticEcg(Microsoft.ML.DataOperationsCatalog, int, SyntheticLoadOptions)"/>.</summary>
public sealed record SyntheticLoadOptions : EcgLoadOptions
{
    /// <summary>Generator settings (seed, noise, sampling rate, share of reports that state features); null for the defaults.</summary>
    public SyntheticEcgOptions? Generator { get; init; }

    /// <summary>Only the records of this split (<c>train</c>, <c>validation</c> or <c>test</c>, by <see cref="SyntheticEcgSplit"/>); null for all.</summary>
    public string? Split { get; init; }
}
