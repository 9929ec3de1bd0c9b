using System.Globalization;
using FgClep.IO;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Generates realistic synthetic 12-lead ECGs (mV) with a machine-style report naming the diagnosis (and, in a share of
/// records, some of the features present: <see cref="SyntheticEcgOptions.FeatureStatementShare"/>) and the ground-truth
/// list of waveform features present (<see cref="EcgRecord.WaveformFeatures"/>).
/// </summary>
/// <remarks>
/// Each beat is a sum of Gaussian P, Q, R, S and T components of a heart dipole (vectorcardiogram) projected onto the
/// lead axes; III, aVR, aVL and aVF are derived from I and II, so Einthoven's and Goldberger's relations hold exactly.
/// Records carry heart-rate variability, baseline wander, muscle noise and mains interference
/// (<see cref="SyntheticEcgOptions.NoiseLevel"/>). Conditions are listed in <see cref="SyntheticEcgConditions"/> and
/// features in <see cref="SyntheticWaveformFeatures"/>. Record <c>i</c> depends only on the seed and <c>i</c>.
/// </remarks>
public sealed class SyntheticEcgGenerator
{
    /// <summary>Metadata key: mean ventricular rate in the record, bpm.</summary>
    public const string HeartRateKey = "HeartRateBpm";

    /// <summary>Metadata key: PR interval (P onset to QRS onset), ms; absent without P waves.</summary>
    public const string PrIntervalKey = "PrIntervalMs";

    /// <summary>Metadata key: QRS duration of conducted beats, ms.</summary>
    public const string QrsDurationKey = "QrsDurationMs";

    /// <summary>Metadata key: QT interval of conducted beats, ms.</summary>
    public const string QtIntervalKey = "QtIntervalMs";

    /// <summary>Metadata key: heart-rate corrected QT (Bazett), ms.</summary>
    public const string QtcKey = "QtcMs";

    /// <summary>Metadata key: frontal QRS axis, degrees.</summary>
    public const string QrsAxisKey = "QrsAxisDeg";

    /// <summary>Metadata key: the rhythm condition.</summary>
    public const string RhythmKey = "Rhythm";

    /// <summary>Metadata key: number of QRS complexes whose onset lies inside the record.</summary>
    public const string BeatCountKey = "BeatCount";

    /// <summary>Metadata key: number of premature ventricular complexes inside the record.</summary>
    public const string EctopicBeatCountKey = "EctopicBeatCount";

    private readonly SyntheticConditionSampler _sampler;
    private readonly int _sampleCount;

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentException">An option is out of range (message names it and the value found).</exception>
    public SyntheticEcgGenerator(SyntheticEcgOptions? options = null)
    {
        Options = options ?? new SyntheticEcgOptions();
        if (!(Options.SamplingRate > 0) || double.IsInfinity(Options.SamplingRate))
            throw new ArgumentException($"SamplingRate must be a positive finite number of Hz, found {Options.SamplingRate}.", nameof(options));
        if (!(Options.DurationSeconds > 0) || double.IsInfinity(Options.DurationSeconds))
            throw new ArgumentException($"DurationSeconds must be positive and finite, found {Options.DurationSeconds}.", nameof(options));
        if (!(Options.NoiseLevel >= 0) || double.IsInfinity(Options.NoiseLevel))
            throw new ArgumentException($"NoiseLevel must be a finite number ≥ 0, found {Options.NoiseLevel}.", nameof(options));
        if (Options.MainsFrequency is { } mains && (!(mains > 0) || double.IsInfinity(mains)))
            throw new ArgumentException($"MainsFrequency must be a positive number of Hz or null, found {mains}.", nameof(options));
        if (!(Options.FeatureStatementShare >= 0 && Options.FeatureStatementShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), Options.FeatureStatementShare,
                $"FeatureStatementShare must be between 0 and 1, found {Options.FeatureStatementShare}.");
        ArgumentNullException.ThrowIfNull(Options.RecordIdPrefix);
        double samples = Math.Round(Options.SamplingRate * Options.DurationSeconds);
        if (samples < 1 || samples * 12 > Array.MaxLength)
            throw new ArgumentException($"SamplingRate × DurationSeconds gives {samples} samples per lead; expected 1 to {Array.MaxLength / 12}.", nameof(options));
        _sampleCount = (int)samples;
        _sampler = new SyntheticConditionSampler(Options);
    }

    /// <summary>The settings.</summary>
    public SyntheticEcgOptions Options { get; }

    /// <summary>The condition names used as labels (same as <see cref="SyntheticEcgConditions.All"/>).</summary>
    public static IReadOnlyList<string> Conditions => SyntheticEcgConditions.All;

    /// <summary>The waveform feature vocabulary (same as <see cref="SyntheticWaveformFeatures.All"/>).</summary>
    public static IReadOnlyList<string> FeatureVocabulary => SyntheticWaveformFeatures.All;

    /// <summary>
    /// Generates record number <paramref name="index"/> (deterministic for a given seed and index): 12 standard leads in
    /// mV at <see cref="SyntheticEcgOptions.SamplingRate"/>, with <see cref="EcgRecord.Labels"/>,
    /// <see cref="EcgRecord.Report"/>, <see cref="EcgRecord.WaveformFeatures"/>, <see cref="EcgRecord.StatedFeatures"/> and
    /// metadata (see the <c>…Key</c> constants).
    /// </summary>
    public EcgRecord Generate(int index)
    {
        var rng = new Random(SyntheticRandom.Combine(Options.Seed, index));
        var diagnosis = _sampler.Draw(rng);
        var heart = SyntheticHeartBuilder.Build(diagnosis, rng);
        var beats = SyntheticRhythm.Schedule(heart, Options.DurationSeconds, rng);
        var annotation = SyntheticFeatureAnnotator.Annotate(heart, beats, Options.DurationSeconds);
        IReadOnlyList<string> stated = Array.Empty<string>();
        var statementRng = rng;
        if (Options.FeatureStatementShare > 0)
        {
            statementRng = new Random(SyntheticRandom.Combine(SyntheticRandom.Combine(Options.Seed, index), SyntheticFeatureStatements.StreamSalt));
            if (statementRng.Chance(Options.FeatureStatementShare)) stated = SyntheticFeatureStatements.Choose(annotation.Features, statementRng);
        }
        var report = SyntheticReportWriter.Write(heart, rng, stated, statementRng);
        var signal = SyntheticRenderer.Render(heart, beats, Options, _sampleCount, rng);
        return new EcgRecord(Options.RecordIdPrefix + index.ToString(CultureInfo.InvariantCulture), signal, StandardLeads.Twelve, Options.SamplingRate)
        {
            Report = report,
            Labels = diagnosis.Labels,
            WaveformFeatures = annotation.Features,
            StatedFeatures = stated,
            Units = "mV",
            Metadata = Metadata(heart, beats, annotation, index),
        };
    }

    /// <summary>Generates records <paramref name="startIndex"/> .. <paramref name="startIndex"/> + <paramref name="count"/> − 1 lazily.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IEnumerable<EcgRecord> Generate(int startIndex, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Iterate(startIndex, count);
    }

    private IEnumerable<EcgRecord> Iterate(int startIndex, int count)
    {
        for (int i = 0; i < count; i++) yield return Generate(startIndex + i);
    }

    private Dictionary<string, string> Metadata(SyntheticHeart heart, List<SyntheticBeat> beats, SyntheticAnnotation annotation, int index)
    {
        static string Ms(double seconds) => Math.Round(seconds * 1000).ToString(CultureInfo.InvariantCulture);
        var inside = beats.Where(b => b.Time >= 0 && b.Time < Options.DurationSeconds).ToList();
        var metadata = new Dictionary<string, string>
        {
            [HeartRateKey] = annotation.HeartRate.ToString("F1", CultureInfo.InvariantCulture),
            [QrsDurationKey] = Ms(heart.QrsDuration),
            [QtIntervalKey] = Ms(heart.QtInterval),
            [QtcKey] = Ms(annotation.Qtc),
            [QrsAxisKey] = Math.Round(annotation.QrsAxis).ToString(CultureInfo.InvariantCulture),
            [RhythmKey] = heart.Diagnosis.Rhythm,
            [BeatCountKey] = inside.Count.ToString(CultureInfo.InvariantCulture),
            [EctopicBeatCountKey] = inside.Count(b => b.Ectopic).ToString(CultureInfo.InvariantCulture),
            ["Seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture),
            ["Index"] = index.ToString(CultureInfo.InvariantCulture),
        };
        if (heart.Atrial is not null) metadata[PrIntervalKey] = Ms(heart.PrInterval);
        return metadata;
    }
}
