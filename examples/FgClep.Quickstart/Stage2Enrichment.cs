using FgClep.Datasets;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.Enrichment.Verification;
using FgClep.Evaluation;
using FgClep.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Quickstart;

/// <summary>
/// Enrichment with the offline knowledge-base proposer: the verifier is calibrated on the training records (their proposals as
/// labels), the threshold is chosen on the validation records (the highest precision at 80 % of the proposals' recall), then
/// every training report gets the features the stage-1 model confirms on its ECG.
/// </summary>
internal static class Stage2Enrichment
{
    public sealed record Outcome(WaveformEnrichmentTransformer Transformer, double Threshold, EnrichmentQuality ValidationQuality,
        EnrichmentQuality TrainQuality, EnrichmentStatistics Statistics, double VerificationAuroc, double VerificationAurocUncalibrated,
        double VerificationAurocPerFeature, IReadOnlyList<FeatureVerification> ByFeature, int CalibratedFeatures,
        double VerificationAurocOfCalibratedFeatures, int CalibratedPairs, int Pairs);

    /// <summary>How P separates one feature's proposals on the validation records: present vs absent, and the mean P of each.</summary>
    public sealed record FeatureVerification(string Feature, int Present, int Absent, double Auroc, double MeanPPresent, double MeanPAbsent);

    public static Outcome Run(MLContext ml, FgClepTransformer clep, IDataView train, IReadOnlyList<PreprocessedEcg> trainRecords,
        IReadOnlyList<PreprocessedEcg> validation, string? cachePath, TextWriter log)
    {
        var proposer = KnowledgeBaseProposer.Default;
        // Calibrated on the training records, with the findings their reports state as the labels (no ground truth): P becomes
        // the probability that the feature is present, comparable across features.
        var calibration = new WaveformFeatureVerifier(clep.Model).FitCalibration(trainRecords.Select(r => r.Input).ToList(),
            trainRecords.Select(r => proposer.ProposeFeatures(r.Report)).ToList(), trainRecords.Select(r => proposer.StatedFeatures(r.Report)).ToList());
        log.WriteLine($"Verifier calibration fitted on {calibration.Records} training records: {calibration.CalibratedFeatures.Count} features stated by enough reports to be calibrated");
        var verifier = new WaveformFeatureVerifier(clep.Model, new WaveformVerifierOptions { Calibration = calibration });
        var signals = validation.Select(r => r.Input).ToList();
        var proposals = validation.Select(r => (IReadOnlyList<string>)proposer.ProposeFeatures(r.Report)).ToList();
        var truth = validation.Select(r => r.WaveformFeatures).ToList();
        // Also pooled over the features with a calibration only (the others keep the model's P).
        var calibrated = calibration.CalibratedFeatures.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var (auroc, perFeature, byFeature, (aurocCalibratedOnly, calibratedPairs)) = VerificationAuroc(verifier, signals, proposals, truth, calibrated);
        var (uncalibrated, _, _, _) = VerificationAuroc(new WaveformFeatureVerifier(clep.Model), signals, proposals, truth, calibrated);
        log.WriteLine($"Verification AUROC on {validation.Count} validation records (P of a proposed feature vs whether it is present): {auroc:F3} " +
                      $"pooled ({uncalibrated:F3} with the model's uncalibrated P), {perFeature:F3} macro over features (each feature's records ranked on their own)");
        // Keep most of what the proposals can recall and buy precision with the rest; max-F1 would keep nearly everything.
        double proposedRecall = EnrichmentQuality.Measure(proposals, proposals, truth).RecallProposed;
        var (threshold, validationQuality) = verifier.ThresholdFromValidation(signals, proposals, truth, minimumRecall: 0.8 * proposedRecall);
        log.WriteLine($"Verification threshold {threshold:G3} chosen on the validation records (highest precision at ≥ 80 % of the proposals' recall): {validationQuality}");

        var enrichment = ml.Transforms.EnrichWaveformFeatures(clep, proposer, new WaveformEnrichmentOptions
        {
            Threshold = threshold,
            Calibration = calibration,
            CachePath = cachePath,
        }).Fit(train);
        log.WriteLine($"Enrichment: {enrichment.Statistics}");

        var enriched = enrichment.Transform(train);
        var candidates = ReadTextVectors(enriched, "CandidateFeatures");
        var verified = ReadTextVectors(enriched, "VerifiedFeatures");
        var trainQuality = EnrichmentQuality.Measure(candidates, verified, trainRecords.Select(r => r.WaveformFeatures).ToList());
        log.WriteLine($"Against the generator's ground truth on the training records: {trainQuality}");
        var example = enriched.GetColumn<string>("FineGrainedReport").First();
        log.WriteLine($"Example fine-grained report: \"{example}\"");
        return new Outcome(enrichment, threshold, validationQuality, trainQuality, enrichment.Statistics, auroc, uncalibrated, perFeature, byFeature,
            calibration.CalibratedFeatures.Count, aurocCalibratedOnly, calibratedPairs, proposals.Sum(p => p.Count));
    }

    /// <summary>
    /// How well P separates proposed features that are present from those that are not (0.5 = no better than chance): pooled
    /// over all (record, feature) pairs and over the pairs whose feature is in <paramref name="subset"/>, and the mean over
    /// features that are present in some records and absent in others.
    /// </summary>
    private static (double Pooled, double PerFeature, IReadOnlyList<FeatureVerification> ByFeature, (double Pooled, int Pairs) Subset) VerificationAuroc(
        WaveformFeatureVerifier verifier, IReadOnlyList<float[]> signals, IReadOnlyList<IReadOnlyList<string>> proposals,
        IReadOnlyList<IReadOnlyList<string>> truth, IReadOnlySet<string> subset)
    {
        var results = verifier.Verify(signals, proposals);
        var pairs = new List<(string Feature, float Score, bool Present)>();
        for (int i = 0; i < results.Count; i++)
        {
            var truthSet = truth[i].ToHashSet(StringComparer.OrdinalIgnoreCase);
            for (int k = 0; k < results[i].Candidates.Count; k++)
                pairs.Add((results[i].Candidates[k], (float)results[i].Probabilities[k], truthSet.Contains(results[i].Candidates[k])));
        }
        double pooled = RocAuc.Compute(pairs.Select(p => p.Score).ToArray(), pairs.Select(p => p.Present).ToArray());
        var inSubset = pairs.Where(p => subset.Contains(p.Feature)).ToList();
        double pooledSubset = RocAuc.Compute(inSubset.Select(p => p.Score).ToArray(), inSubset.Select(p => p.Present).ToArray());
        static double Mean(IEnumerable<float> values) => values.Select(v => (double)v).DefaultIfEmpty(double.NaN).Average();
        var byFeature = pairs.GroupBy(p => p.Feature, StringComparer.OrdinalIgnoreCase)
            .Select(g => new FeatureVerification(g.Key, g.Count(p => p.Present), g.Count(p => !p.Present),
                g.Any(p => p.Present) && g.Any(p => !p.Present)
                    ? RocAuc.Compute(g.Select(p => p.Score).ToArray(), g.Select(p => p.Present).ToArray())
                    : double.NaN,
                Mean(g.Where(p => p.Present).Select(p => p.Score)), Mean(g.Where(p => !p.Present).Select(p => p.Score))))
            .OrderBy(f => f.Feature, StringComparer.Ordinal)
            .ToList();
        var defined = byFeature.Where(f => !double.IsNaN(f.Auroc)).ToList();
        return (pooled, defined.Count == 0 ? double.NaN : defined.Average(f => f.Auroc), byFeature, (pooledSubset, inSubset.Count));
    }

    private static List<IReadOnlyList<string>> ReadTextVectors(IDataView view, string column)
    {
        var result = new List<IReadOnlyList<string>>();
        using var cursor = view.GetRowCursor(new[] { view.Schema[column] });
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(view.Schema[column]);
        VBuffer<ReadOnlyMemory<char>> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value.DenseValues().Select(m => m.ToString()).ToArray());
        }
        return result;
    }
}
