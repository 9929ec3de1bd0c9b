using FgClep.IO;

namespace FgClep.Datasets.Synthetic;

/// <summary>Settings of <see cref="SyntheticEcgGenerator"/>.</summary>
public sealed record SyntheticEcgOptions
{
    /// <summary>Seed; the same seed and index always give the same record. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Sampling rate in Hz. Default 500.</summary>
    public double SamplingRate { get; init; } = 500;

    /// <summary>Duration in seconds. Default 10.</summary>
    public double DurationSeconds { get; init; } = 10;

    /// <summary>
    /// Scale of the recording noise: baseline wander, broadband muscle (EMG) noise and mains interference.
    /// 0 gives noise-free signals (heart-rate variability, being physiological, stays). Default 1 (typical resting ECG).
    /// </summary>
    public double NoiseLevel { get; init; } = 1;

    /// <summary>
    /// Mains frequency in Hz (50 or 60 in practice); null draws 50 or 60 Hz per record. Mains interference is only
    /// added when the sampling rate exceeds 2.5 times this frequency. Default null.
    /// </summary>
    public double? MainsFrequency { get; init; }

    /// <summary>
    /// Relative weight of each condition (keys from <see cref="SyntheticEcgConditions.All"/>) when drawing a record's
    /// primary condition; conditions left out get weight 0. Null uses the default: weight 3 for
    /// <see cref="SyntheticEcgConditions.NormalSinusRhythm"/> and 1 for every other condition.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ConditionWeights { get; init; }

    /// <summary>
    /// Probability that an abnormal record gets a second, compatible condition (e.g. atrial fibrillation with left
    /// bundle branch block), drawn with the same weights. Default 0.3.
    /// </summary>
    public double CombinationProbability { get; init; } = 0.3;

    /// <summary>
    /// Share of reports (0 to 1) that, besides the diagnosis, state one to three of the waveform features present in
    /// the record, phrased as machine reports phrase findings ("Sinus rhythm. Left axis deviation. LVH."); the stated
    /// features are listed in <see cref="EcgRecord.StatedFeatures"/>. Such statements let a stage-1 model learn to
    /// align feature text with waveforms, which verifying proposed features relies on. The rest of the reports name
    /// the diagnosis only. Statements are drawn from a random stream of their own, so signals, labels and ground-truth
    /// features do not depend on this share, and 0 gives exactly the diagnosis-only reports. Default 0.5.
    /// </summary>
    public double FeatureStatementShare { get; init; } = 0.5;

    /// <summary>Prefix of <see cref="EcgRecord.RecordId"/>; the index follows it. Default <c>synthetic-</c>.</summary>
    public string RecordIdPrefix { get; init; } = "synthetic-";
}
