using FgClep.Datasets;
using FgClep.Datasets.Challenge;
using FgClep.Datasets.PtbXl;
using FgClep.Preprocessing;

namespace FgClep.Cli.Infrastructure;

/// <summary>A selected data source: its records (PTB-XL's with translated reports), their preprocessing and class names (when labelled).</summary>
internal sealed record LoadedData(IEcgRecordSource Source, EcgPreprocessorOptions Preprocessing, IReadOnlyList<string>? ClassNames,
    string Description)
{
    /// <summary>The PTB-XL task (classes, prompts, record sets), when the source is PTB-XL.</summary>
    public PtbXlTaskDefinition? PtbXlTask { get; init; }

    /// <summary>The SNOMED label map, when the source is a Challenge folder with labels (for its class descriptions).</summary>
    public SnomedLabelMap? LabelMap { get; init; }

    /// <summary>Reads and preprocesses every record, with progress.</summary>
    public EcgRows Read(CliOutput output, CancellationToken cancellationToken) => EcgRows.Read(this, output, cancellationToken);
}
