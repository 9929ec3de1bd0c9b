namespace FgClep.Enrichment.Verification;

/// <summary>
/// Turns the verifier's scores into probabilities that a feature is present, comparable across features, without ground
/// truth. The stage-1 model's P = σ(logit) is the probability that a text is <em>the</em> text paired with an ECG, so a
/// phrase that fits most ECGs ("regular RR intervals") gets a low P everywhere and cannot be compared with a rare one.
/// </summary>
/// <remarks>
/// <para><b>How.</b> Reports that state a finding themselves ("Left axis deviation.", found by
/// <see cref="Proposers.KnowledgeBaseProposer.StatedFeatures"/>) are labelled examples of it; every other record is unlabelled,
/// with or without the finding. This is learning from positive and unlabelled data (Elkan and Noto, 2008): per feature, a
/// logistic regression g = σ(a·logit + c) of "the report states the feature" on the stage-1 logit, fitted on the records; the
/// share s of records with the feature whose reports state it is estimated as the mean of g over the records that state it;
/// and P(present | ECG) = min(1, g / s). A feature that the knowledge base proposes for many records but whose ECGs do not look
/// like those of the reports that state it gets a low P, whatever its phrase's raw P.</para>
/// <para>Fit it with <see cref="WaveformFeatureVerifier.FitCalibration"/> (or <c>WaveformEnrichmentOptions.FitCalibration</c>)
/// on the training records, then pass it as <see cref="WaveformVerifierOptions.Calibration"/>. A feature stated by fewer than
/// <see cref="MinimumExamples"/> reports (or by all but fewer than that) keeps the model's P: nothing says what it looks like.</para>
/// <para>This is our addition to the paper, which thresholds the raw P. The README gives its effect on the quickstart's
/// synthetic records, measured against the generator's ground truth.</para>
/// </remarks>
public sealed class WaveformFeatureCalibration
{
    /// <summary>Records a calibration is fitted on by default (<c>WaveformEnrichmentOptions.CalibrationRecords</c>, <c>fgclep enrich --calibrate</c>): enough for one slope and intercept per feature.</summary>
    public const int DefaultFitRecords = 20_000;

    /// <summary>Fewest records whose reports state a feature, and fewest that do not, for it to get a calibration.</summary>
    public const int MinimumExamples = 5;

    private readonly Dictionary<string, (PlattScaling Scaling, double StatedRate)> _features;

    internal WaveformFeatureCalibration(Dictionary<string, (PlattScaling Scaling, double StatedRate)> features, int records)
    {
        _features = new Dictionary<string, (PlattScaling, double)>(features, EnrichmentQuality.FeatureComparer);
        Records = records;
    }

    /// <summary>Records (with at least one proposed feature) the calibration was fitted on.</summary>
    public int Records { get; }

    /// <summary>The features with a calibration, in ordinal order.</summary>
    public IReadOnlyList<string> CalibratedFeatures => _features.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The fitted g = σ(<paramref name="slope"/>·logit + <paramref name="intercept"/>) of <paramref name="feature"/> and the
    /// estimated share <paramref name="statedRate"/> of its records whose reports state it (P = min(1, g / statedRate)),
    /// or false when it has no calibration.
    /// </summary>
    public bool TryGetScaling(string feature, out double slope, out double intercept, out double statedRate)
    {
        ArgumentNullException.ThrowIfNull(feature);
        bool found = _features.TryGetValue(feature.Trim(), out var f);
        (slope, intercept, statedRate) = found ? (f.Scaling.Slope, f.Scaling.Intercept, f.StatedRate) : (double.NaN, double.NaN, double.NaN);
        return found;
    }

    /// <summary>P of <paramref name="feature"/> from its <paramref name="logit"/>, or the model's <paramref name="modelProbability"/> unchanged when it has no calibration.</summary>
    internal float Probability(string feature, float logit, float modelProbability) =>
        _features.TryGetValue(feature, out var f) ? (float)Math.Min(1, f.Scaling.Probability(logit) / f.StatedRate) : modelProbability;

    /// <summary>
    /// Fits every feature from the logits of every record against every feature (<paramref name="logits"/>[record][feature])
    /// and the features each record's report states.
    /// </summary>
    internal static WaveformFeatureCalibration Fit(IReadOnlyList<string> features, IReadOnlyList<float[]> logits, IReadOnlyList<IReadOnlySet<string>> stated)
    {
        var fitted = new Dictionary<string, (PlattScaling, double)>(EnrichmentQuality.FeatureComparer);
        var x = new List<double>(logits.Count);
        var y = new List<bool>(logits.Count);
        for (int f = 0; f < features.Count; f++)
        {
            x.Clear();
            y.Clear();
            for (int i = 0; i < logits.Count; i++)
            {
                // A record whose signal gave no finite logit (NaN samples) says nothing about the feature.
                if (!float.IsFinite(logits[i][f])) continue;
                x.Add(logits[i][f]);
                y.Add(stated[i].Contains(features[f]));
            }
            int positives = y.Count(v => v);
            if (positives < MinimumExamples || y.Count - positives < MinimumExamples) continue;
            if (PlattScaling.Fit(x, y) is not { } scaling) continue;
            double rate = Enumerable.Range(0, x.Count).Where(i => y[i]).Average(i => scaling.Probability(x[i]));
            if (rate > 0) fitted[features[f]] = (scaling, rate);
        }
        return new WaveformFeatureCalibration(fitted, logits.Count);
    }
}
