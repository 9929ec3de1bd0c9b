namespace FgClep.Data;

/// <summary>
/// Turns any <see cref="EcgRecord"/> into the fixed-size, lead-ordered, normalised model input.
/// One instance is shared by training, enrichment and inference.
/// </summary>
public sealed class EcgPreprocessor
{
    /// <summary>Creates a preprocessor with the given settings (defaults when null).</summary>
    public EcgPreprocessor(EcgPreprocessorOptions? options = null) => Options = options ?? new EcgPreprocessorOptions();

    /// <summary>The settings.</summary>
    public EcgPreprocessorOptions Options { get; }

    /// <summary>Length of the output vector: leads × samples.</summary>
    public int OutputLength => Options.Leads.Count * Options.SampleCount;

    /// <summary>Preprocesses one record into a lead-major vector of <see cref="OutputLength"/> floats.</summary>
    public float[] Process(EcgRecord record) => throw new NotImplementedException();
}
