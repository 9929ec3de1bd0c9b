
namespace FgClep.Datasets.MimicIv;

/// <summary>Settings of <see cref="FgClep.MLNet.EcgDataCatalogExtensions.LoadMimicIvEcg"/>.</summary>
public sealed record MimicIvEcgLoadOptions : EcgLoadOptions
{
    /// <summary>Read at most this many records per pass; null for all.</summary>
    public long? MaxRecords { get; init; }
}
