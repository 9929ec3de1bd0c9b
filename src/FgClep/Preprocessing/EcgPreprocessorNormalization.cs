using System.Text.Json.Serialization;

namespace FgClep.Preprocessing;

/// <summary>Per-lead amplitude normalisation applied by <see cref="EcgPreprocessor"/> to the cropped signal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EcgPreprocessorNormalization>))]
public enum EcgPreprocessorNormalization
{
    /// <summary>Keep physical units (mV).</summary>
    None,

    /// <summary>Subtract the lead's mean and divide by its standard deviation (default).</summary>
    ZScore,

    /// <summary>Map the lead's minimum and maximum to −1 and +1.</summary>
    MinMax,
}
