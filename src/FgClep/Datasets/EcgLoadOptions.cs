using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.Datasets;

/// <summary>Settings shared by the ECG loaders of <see cref="FgClep.MLNet.EcgDataCatalogExtensions"/>.</summary>
public record EcgLoadOptions
{
    /// <summary>How signals become the <see cref="FgClep.MLNet.EcgDataView.SignalColumn"/>; null for the <see cref="EcgPreprocessorOptions"/> defaults.</summary>
    public EcgPreprocessorOptions? Preprocessor { get; init; }

    /// <summary>
    /// Classes of the <see cref="FgClep.MLNet.EcgDataView.LabelsColumn"/> (a record has a class when its <see cref="EcgRecord.Labels"/> name it).
    /// Null: the loader's default (the task's or label map's classes), or no label column when it has none.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
