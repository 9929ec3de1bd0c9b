namespace FgClep.Data;

/// <summary>
/// Generates realistic synthetic 12-lead ECGs with a machine-style report naming the diagnosis and the
/// ground-truth list of waveform features present (<see cref="EcgRecord.WaveformFeatures"/>).
/// </summary>
public sealed class SyntheticEcgGenerator
{
    /// <summary>Creates a generator.</summary>
    public SyntheticEcgGenerator(SyntheticEcgOptions? options = null) => Options = options ?? new SyntheticEcgOptions();

    /// <summary>The settings.</summary>
    public SyntheticEcgOptions Options { get; }

    /// <summary>Generates record number <paramref name="index"/> (deterministic for a given seed and index).</summary>
    public EcgRecord Generate(int index) => throw new NotImplementedException();

    /// <summary>Generates records 0 .. <paramref name="count"/> − 1 lazily.</summary>
    public IEnumerable<EcgRecord> Generate(int startIndex, int count)
    {
        for (int i = 0; i < count; i++) yield return Generate(startIndex + i);
    }
}
