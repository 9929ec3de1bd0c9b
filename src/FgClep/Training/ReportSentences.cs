namespace FgClep.Training;

/// <summary>
/// Splits a report into its sentences for sentence sampling (<see cref="ClepTrainerOptions.SentenceSamplingShare"/>):
/// a sentence ends at <c>. ! ? ;</c> followed by white space or the end, or at a line break. "0.5 mV" and "V5-V6" stay
/// whole; a comma-separated list of findings is one sentence.
/// </summary>
internal static class ReportSentences
{
    /// <summary>The trimmed, non-empty sentences of <paramref name="report"/>, punctuation kept, in order.</summary>
    public static IReadOnlyList<string> Split(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sentences = new List<string>();
        int start = 0;
        for (int i = 0; i < report.Length; i++)
        {
            char c = report[i];
            bool lineBreak = c is '\n' or '\r';
            bool stop = c is '.' or '!' or '?' or ';' && (i + 1 == report.Length || char.IsWhiteSpace(report[i + 1]));
            if (!lineBreak && !stop) continue;
            Add(sentences, report, start, lineBreak ? i : i + 1);
            start = i + 1;
        }
        Add(sentences, report, start, report.Length);
        return sentences;
    }

    private static void Add(List<string> sentences, string report, int start, int end)
    {
        var sentence = report[start..end].Trim();
        if (sentence.Length > 0) sentences.Add(sentence);
    }
}
