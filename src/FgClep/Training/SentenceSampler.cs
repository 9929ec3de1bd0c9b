namespace FgClep.Training;

/// <summary>
/// ConVIRT's text augmentation for <see cref="ClepTrainer"/>: at each step, a share of the batch's reports is replaced by
/// one of their sentences (<see cref="ClepTrainerOptions.SentenceSamplingShare"/>). The draws are a pure function of the
/// seed and the step, so a resumed run draws the same sentences as the uninterrupted one.
/// </summary>
internal sealed class SentenceSampler
{
    private readonly double _share;
    private readonly int _seed;
    private readonly Dictionary<string, IReadOnlyList<string>> _sentences = new(StringComparer.Ordinal);

    /// <param name="share">The share, 0–1, as <see cref="ClepTrainer"/> has checked it.</param>
    /// <param name="seed">The run's seed.</param>
    public SentenceSampler(double share, int seed)
    {
        _share = share;
        _seed = seed;
    }

    /// <summary>Every text a step can give for <paramref name="report"/>: the report and, when sampling, each of its sentences.</summary>
    public IEnumerable<string> Texts(string report)
    {
        yield return report;
        if (_share <= 0) yield break;
        var sentences = Sentences(report);
        if (sentences.Count > 1)
            foreach (var sentence in sentences) yield return sentence;
    }

    /// <summary>Replaces, in place, the sampled share of <paramref name="reports"/> (those of two or more sentences) by one of their sentences.</summary>
    public void Sample(string[] reports, int step)
    {
        if (_share <= 0) return;
        var rng = new Random(unchecked(_seed * 1_000_003 + step * 104_729 + 5));
        for (int i = 0; i < reports.Length; i++)
        {
            // Two draws per report whatever the outcome: the stream does not depend on the reports' contents.
            double u = rng.NextDouble();
            double v = rng.NextDouble();
            var sentences = Sentences(reports[i]);
            if (u < _share && sentences.Count > 1) reports[i] = sentences[(int)(v * sentences.Count)];
        }
    }

    private IReadOnlyList<string> Sentences(string report)
    {
        if (!_sentences.TryGetValue(report, out var sentences)) _sentences[report] = sentences = ReportSentences.Split(report);
        return sentences;
    }
}
