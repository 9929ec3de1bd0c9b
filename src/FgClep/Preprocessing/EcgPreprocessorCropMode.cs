using System.Text.Json.Serialization;

namespace FgClep.Preprocessing;

/// <summary>Which part of a record longer than <see cref="EcgPreprocessorOptions.SampleCount"/> is kept.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EcgPreprocessorCropMode>))]
public enum EcgPreprocessorCropMode
{
    /// <summary>The middle of the record (default): away from filter and electrode-settling effects at the ends.</summary>
    Center,

    /// <summary>The beginning of the record.</summary>
    Start,
}
