using FgClep.IO;
using FgClep.Enrichment.Proposers;
using FgClep.Inference;

namespace FgClep.Enrichment.Verification;

/// <summary>
/// Verifies proposed waveform features against each ECG with the stage-1 model (FG-CLEP's filtering step): a candidate
/// is kept for a record when P = σ(exp(t')·cos(e, t_feature) + b) is above <see cref="WaveformVerifierOptions.Threshold"/>,
/// where <c>e</c> is the ECG's embedding and <c>t_feature</c> the embedding of the feature phrase alone.
/// </summary>
/// <remarks>
/// <para>Each distinct feature text is embedded once and remembered across calls (features repeat across records; a
/// large language-model vocabulary of 100 000 phrases at 256 dimensions takes about 100 MB); signals are embedded in
/// batches of <see cref="ClepEncoder.BatchSize"/>; no text is encoded per record. Records without candidates are not
/// embedded at all.</para>
/// <para>Candidates are trimmed; empty ones and case-insensitive repeats within a record are dropped. Verified features
/// keep the proposal order. A NaN probability (e.g. from a signal full of NaN) is never above the threshold.</para>
/// <para>Thread-safe: calls are serialised.</para>
/// </remarks>
public sealed class WaveformFeatureVerifier
{
    private readonly WaveformFeatureVerifierScorer _scorer;
    private readonly Dictionary<string, float[]> _textEmbeddings = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a verifier over the stage-1 model (which it uses, not owns: keep it undisposed while verifying).</summary>
    /// <param name="model">The stage-1 CLEP model.</param>
    /// <param name="options">Threshold and TopK; null for the defaults.</param>
    public WaveformFeatureVerifier(ClepEncoder model, WaveformVerifierOptions? options = null)
        : this(WaveformFeatureVerifierScorer.FromModel(model ?? throw new ArgumentNullException(nameof(model))), options)
    {
    }

    internal WaveformFeatureVerifier(WaveformFeatureVerifierScorer scorer, WaveformVerifierOptions? options)
    {
        _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        Options = options ?? new WaveformVerifierOptions();
        Options.Validate();
    }

    /// <summary>The threshold and TopK in use.</summary>
    public WaveformVerifierOptions Options { get; }

    /// <summary>Length of the preprocessed signals the model takes (leads × samples).</summary>
    public int SignalLength => _scorer.SignalLength;

    /// <summary>Distinct feature texts embedded so far (each exactly once).</summary>
    public int EmbeddedFeatureCount
    {
        get { lock (_gate) return _textEmbeddings.Count; }
    }

    /// <summary>Verifies one record's candidates.</summary>
    /// <param name="signal">The preprocessed signal (as produced by the model's <see cref="ClepEncoder.Preprocessor"/>).</param>
    /// <param name="candidates">The proposed features.</param>
    public WaveformEnrichmentResult Verify(float[] signal, IReadOnlyList<string> candidates) =>
        Verify(new[] { signal ?? throw new ArgumentNullException(nameof(signal)) }, new[] { candidates })[0];

    /// <summary>Verifies the candidates of many records (signals embedded in batches, each new feature text once).</summary>
    /// <param name="signals">Preprocessed signals, one per record.</param>
    /// <param name="candidates">Proposed features, one list per record (a null list counts as empty).</param>
    /// <returns>One result per record, in input order.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, or a signal has the wrong length.</exception>
    public IReadOnlyList<WaveformEnrichmentResult> Verify(IReadOnlyList<float[]> signals, IReadOnlyList<IReadOnlyList<string>> candidates)
    {
        var (cleaned, probabilities) = Score(signals, candidates);
        var results = new WaveformEnrichmentResult[cleaned.Length];
        for (int i = 0; i < results.Length; i++)
            results[i] = Select(cleaned[i], probabilities[i], Options.Threshold, Options.TopK);
        return results;
    }

    /// <summary>
    /// Chooses the threshold from labelled validation records: the one that maximises the micro-averaged F1 of verified
    /// features against <paramref name="truth"/> or, with <paramref name="minimumRecall"/>, the one with the highest
    /// precision among those whose recall reaches it (the highest-recall threshold when none does). Recall is measured
    /// against all true features, so features never proposed count as misses. <see cref="WaveformVerifierOptions.TopK"/>
    /// is applied as in <see cref="Verify(IReadOnlyList{float[]}, IReadOnlyList{IReadOnlyList{string}})"/>.
    /// </summary>
    /// <param name="signals">Preprocessed validation signals.</param>
    /// <param name="candidates">Proposed features per validation record.</param>
    /// <param name="truth">Features truly present per validation record (e.g. <c>EcgRecord.WaveformFeatures</c> of synthetic records).</param>
    /// <param name="minimumRecall">Null to maximise F1; otherwise the recall (0–1) the threshold must keep.</param>
    /// <returns>
    /// The threshold (midway between two neighbouring observed probabilities, so it does not sit on a validation score)
    /// and the quality the verifier reaches with it on these records. Use it as
    /// <c>options with { Threshold = chosen.Threshold }</c>.
    /// </returns>
    /// <exception cref="ArgumentException">The lists differ in length, or no validation record has a candidate.</exception>
    public (double Threshold, EnrichmentQuality Quality) ThresholdFromValidation(
        IReadOnlyList<float[]> signals,
        IReadOnlyList<IReadOnlyList<string>> candidates,
        IReadOnlyList<IReadOnlyList<string>> truth,
        double? minimumRecall = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (minimumRecall is { } r && !(r >= 0 && r <= 1))
            throw new ArgumentOutOfRangeException(nameof(minimumRecall), minimumRecall, "Expected a recall from 0 to 1, or null to maximise F1.");
        if (truth.Count != (signals?.Count ?? 0))
            throw new ArgumentException($"Expected one ground-truth list per signal; got {truth.Count} lists for {signals?.Count ?? 0} signals.", nameof(truth));
        var (cleaned, probabilities) = Score(signals!, candidates);

        var pool = new List<(float P, bool Correct)>();
        long truthCount = 0;
        for (int i = 0; i < cleaned.Length; i++)
        {
            var present = EnrichmentQuality.Distinct(truth[i]);
            truthCount += present.Count;
            var rank = RankByProbability(probabilities[i]);
            for (int k = 0; k < rank.Length; k++)
            {
                // With TopK, a candidate ranked K or lower is never kept whatever the threshold, because every
                // candidate ranked above it has at least its probability.
                if (Options.TopK is { } top && k >= top) break;
                int j = rank[k];
                pool.Add((probabilities[i][j], present.Contains(cleaned[i][j])));
            }
        }
        if (pool.Count == 0) throw new ArgumentException("No validation record has a candidate feature; a threshold cannot be chosen.", nameof(candidates));

        double threshold = ChooseThreshold(pool, truthCount, minimumRecall);
        var verified = new IReadOnlyList<string>[cleaned.Length];
        for (int i = 0; i < cleaned.Length; i++) verified[i] = Select(cleaned[i], probabilities[i], threshold, Options.TopK).Verified;
        return (threshold, EnrichmentQuality.Measure(cleaned, verified, truth));
    }

    /// <summary>Cleans every candidate list, embeds new texts once and the signals of records with candidates in batches, and scores.</summary>
    private (string[][] Cleaned, float[][] Probabilities) Score(IReadOnlyList<float[]> signals, IReadOnlyList<IReadOnlyList<string>> candidates)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(candidates);
        if (signals.Count != candidates.Count)
            throw new ArgumentException($"Expected one candidate list per signal; got {candidates.Count} lists for {signals.Count} signals.", nameof(candidates));
        int length = _scorer.SignalLength;
        var cleaned = new string[signals.Count][];
        var toEmbed = new List<int>();
        for (int i = 0; i < signals.Count; i++)
        {
            cleaned[i] = Clean(candidates[i]);
            if (cleaned[i].Length == 0) continue;
            var s = signals[i] ?? throw new ArgumentException($"Signal {i} is null.", nameof(signals));
            if (s.Length != length)
                throw new ArgumentException($"Signal {i} has {s.Length} values; the model takes preprocessed signals of {length} (leads × samples).", nameof(signals));
            toEmbed.Add(i);
        }

        var probabilities = new float[signals.Count][];
        Array.Fill(probabilities, Array.Empty<float>());
        if (toEmbed.Count == 0) return (cleaned, probabilities);

        var calibration = Options.Calibration;
        lock (_gate)
        {
            EmbedNewTexts(toEmbed.SelectMany(i => cleaned[i]));
            var ecg = _scorer.EmbedSignals(toEmbed.Select(i => signals[i]).ToList());
            for (int k = 0; k < toEmbed.Count; k++)
            {
                int i = toEmbed[k];
                var texts = cleaned[i].Select(t => _textEmbeddings[t]).ToList();
                probabilities[i] = _scorer.Probabilities(ecg[k], texts);
                if (calibration is null) continue;
                var logits = _scorer.Logits(ecg[k], texts);
                var model = probabilities[i];
                probabilities[i] = cleaned[i].Select((t, j) => calibration.Probability(t, logits[j], model[j])).ToArray();
            }
        }
        return (cleaned, probabilities);
    }

    /// <summary>Embeds the texts not embedded yet, each once. Call under the gate.</summary>
    private void EmbedNewTexts(IEnumerable<string> texts)
    {
        var newTexts = new List<string>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
            if (!_textEmbeddings.ContainsKey(text) && queued.Add(text)) newTexts.Add(text);
        if (newTexts.Count == 0) return;
        var embedded = _scorer.EmbedTexts(newTexts);
        for (int k = 0; k < newTexts.Count; k++) _textEmbeddings[newTexts[k]] = embedded[k];
    }

    /// <summary>
    /// Fits a <see cref="WaveformFeatureCalibration"/> on unlabelled records (typically the training records): for every
    /// feature proposed anywhere, how much the ECGs of the records whose reports state it differ from the others, and how
    /// often a record with the feature has it stated. No ground truth is read. Use the result as
    /// <c>options with { Calibration = calibration }</c>.
    /// </summary>
    /// <param name="signals">Preprocessed signals, one per record.</param>
    /// <param name="candidates">Proposed features per record (records without any are not used).</param>
    /// <param name="statements">The features each record's report states itself, e.g.
    /// <see cref="KnowledgeBaseProposer.StatedFeatures"/> of the report (a null list counts as empty).</param>
    /// <exception cref="ArgumentException">The lists differ in length, a signal has the wrong length, or no record has a candidate.</exception>
    public WaveformFeatureCalibration FitCalibration(IReadOnlyList<float[]> signals, IReadOnlyList<IReadOnlyList<string>> candidates,
        IReadOnlyList<IReadOnlyList<string>> statements)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(statements);
        if (signals.Count != candidates.Count)
            throw new ArgumentException($"Expected one candidate list per signal; got {candidates.Count} lists for {signals.Count} signals.", nameof(candidates));
        if (signals.Count != statements.Count)
            throw new ArgumentException($"Expected one list of stated features per signal; got {statements.Count} lists for {signals.Count} signals.", nameof(statements));
        return FitCalibrationStreaming(Enumerable.Range(0, signals.Count).Select(i => (signals[i], candidates[i], (IReadOnlyList<string>?)statements[i])),
            candidates.SelectMany(c => c ?? Array.Empty<string>()), int.MaxValue);
    }

    /// <summary>
    /// Streams <paramref name="records"/> (signals embedded <see cref="EnrichmentRun.VerifyChunk"/> at a time and then dropped;
    /// only one logit per feature and record is kept) until <paramref name="maxRecords"/> records with candidates have been read.
    /// <paramref name="vocabulary"/> holds every feature the records may propose; stated features outside it are ignored.
    /// </summary>
    internal WaveformFeatureCalibration FitCalibrationStreaming(IEnumerable<(float[] Signal, IReadOnlyList<string> Candidates, IReadOnlyList<string>? Statements)> records,
        IEnumerable<string> vocabulary, int maxRecords)
    {
        var features = Clean(vocabulary.ToList()).Order(StringComparer.Ordinal).ToList();
        var stated = new List<IReadOnlySet<string>>();
        var logits = new List<float[]>();
        var chunk = new List<float[]>(EnrichmentRun.VerifyChunk);
        lock (_gate)
        {
            EmbedNewTexts(features);
            var texts = features.Select(f => _textEmbeddings[f]).ToList();
            void Flush()
            {
                foreach (var ecg in _scorer.EmbedSignals(chunk)) logits.Add(_scorer.Logits(ecg, texts));
                chunk.Clear();
            }
            int index = -1;
            foreach (var (signal, candidates, statements) in records)
            {
                index++;
                var cleaned = Clean(candidates);
                if (cleaned.Length == 0) continue;
                if (signal?.Length != _scorer.SignalLength)
                    throw new ArgumentException($"Signal {index} has {signal?.Length ?? 0} values; the model takes preprocessed signals of {_scorer.SignalLength} (leads × samples).", nameof(records));
                var proposed = new HashSet<string>(cleaned, EnrichmentQuality.FeatureComparer);
                if (!proposed.IsSubsetOf(features))
                    throw new ArgumentException($"Record {index} proposes '{proposed.First(f => !features.Contains(f, EnrichmentQuality.FeatureComparer))}', which is not in the vocabulary.", nameof(vocabulary));
                stated.Add(new HashSet<string>(Clean(statements), EnrichmentQuality.FeatureComparer));
                chunk.Add(signal);
                if (chunk.Count == EnrichmentRun.VerifyChunk) Flush();
                if (stated.Count == maxRecords) break;
            }
            if (chunk.Count > 0) Flush();
        }
        if (stated.Count == 0) throw new ArgumentException("No record has a candidate feature; a calibration cannot be fitted.", nameof(records));
        return WaveformFeatureCalibration.Fit(features, logits, stated);
    }

    private static string[] Clean(IReadOnlyList<string>? candidates)
    {
        if (candidates is null || candidates.Count == 0) return Array.Empty<string>();
        var seen = new HashSet<string>(EnrichmentQuality.FeatureComparer);
        var list = new List<string>(candidates.Count);
        foreach (var c in candidates)
        {
            var t = c?.Trim();
            if (!string.IsNullOrEmpty(t) && seen.Add(t)) list.Add(t);
        }
        return list.ToArray();
    }

    /// <summary>Candidate indices by descending probability, ties (and NaN, last) in proposal order.</summary>
    private static int[] RankByProbability(float[] probabilities)
    {
        var order = Enumerable.Range(0, probabilities.Length).ToArray();
        static float Key(float p) => float.IsNaN(p) ? float.NegativeInfinity : p;
        return order.OrderByDescending(j => Key(probabilities[j])).ThenBy(j => j).ToArray();
    }

    /// <summary>Keeps candidates with P &gt; threshold, at most <paramref name="topK"/> of the highest, in proposal order.</summary>
    internal static WaveformEnrichmentResult Select(string[] candidates, float[] probabilities, double threshold, int? topK)
    {
        if (candidates.Length == 0) return WaveformEnrichmentResult.Empty;
        var keep = new bool[candidates.Length];
        int kept = 0;
        foreach (int j in RankByProbability(probabilities))
        {
            if (topK is { } k && kept >= k) break;
            if (!(probabilities[j] > threshold)) break;
            keep[j] = true;
            kept++;
        }
        var verified = new string[kept];
        var verifiedP = new float[kept];
        for (int j = 0, n = 0; j < candidates.Length; j++)
        {
            if (!keep[j]) continue;
            verified[n] = candidates[j];
            verifiedP[n++] = probabilities[j];
        }
        return new WaveformEnrichmentResult(candidates, probabilities, verified, verifiedP);
    }

    /// <summary>
    /// Sweeps the cut-offs between neighbouring distinct probabilities (highest first) and returns the best threshold:
    /// maximal F1 (ties: the higher threshold), or with <paramref name="minimumRecall"/> maximal precision among cuts
    /// reaching that recall (ties: the higher recall), else the highest-recall cut.
    /// </summary>
    internal static double ChooseThreshold(IReadOnlyList<(float P, bool Correct)> pool, long truthCount, double? minimumRecall)
    {
        var sorted = pool.Where(x => !float.IsNaN(x.P)).OrderByDescending(x => x.P).ToList();
        if (sorted.Count == 0) return 1;
        // Keeping nothing: only best when nothing helps (F1 = 0 everywhere).
        double best = sorted[0].P, bestF1 = 0, bestPrecision = double.NegativeInfinity, bestRecall = -1;
        double fallback = best, fallbackRecall = -1;
        long tp = 0, kept = 0;
        for (int i = 0; i < sorted.Count;)
        {
            float p = sorted[i].P;
            for (; i < sorted.Count && sorted[i].P == p; i++)
            {
                kept++;
                if (sorted[i].Correct) tp++;
            }
            if (p <= 0) break; // a threshold below 0 is not a probability: P = 0 can never be kept
            double next = i < sorted.Count ? Math.Max(sorted[i].P, 0) : 0;
            double cut = (p + next) / 2;
            double precision = tp / (double)kept;
            double recall = truthCount == 0 ? 0 : tp / (double)truthCount;
            double f1 = tp == 0 ? 0 : 2.0 * tp / (kept + truthCount);
            if (minimumRecall is null)
            {
                if (f1 > bestF1) { bestF1 = f1; best = cut; }
            }
            else if (recall >= minimumRecall.Value)
            {
                if (precision > bestPrecision || (precision == bestPrecision && recall > bestRecall))
                {
                    bestPrecision = precision;
                    bestRecall = recall;
                    best = cut;
                }
            }
            if (recall > fallbackRecall) { fallbackRecall = recall; fallback = cut; }
        }
        return minimumRecall is not null && bestRecall < 0 ? fallback : best;
    }
}
