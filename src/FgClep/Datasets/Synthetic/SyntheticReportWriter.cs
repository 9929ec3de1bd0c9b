using C = FgClep.Datasets.Synthetic.SyntheticEcgConditions;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Writes the short machine-style report of a synthetic record: the diagnoses (in one of a few phrasings) and, when
/// asked, statements of some waveform features present ("Sinus rhythm. Left axis deviation. LVH."). Diagnosis phrases
/// never name a feature, so only the stated features can be read from the text.
/// </summary>
internal static class SyntheticReportWriter
{
    private static readonly Dictionary<string, string[]> Phrases = new()
    {
        [C.SinusBradycardia] = new[] { "Sinus bradycardia." },
        [C.SinusTachycardia] = new[] { "Sinus tachycardia." },
        [C.AtrialFibrillation] = new[] { "Atrial fibrillation.", "Rhythm: atrial fibrillation.", "Atrial fibrillation present." },
        [C.FirstDegreeAvBlock] = new[] { "First degree AV block.", "1st degree atrioventricular block.", "First-degree atrioventricular block." },
        [C.RightBundleBranchBlock] = new[] { "Right bundle branch block.", "Complete right bundle branch block.", "RBBB." },
        [C.LeftBundleBranchBlock] = new[] { "Left bundle branch block.", "Complete left bundle branch block.", "LBBB." },
        [C.LeftVentricularHypertrophy] = new[] { "Left ventricular hypertrophy.", "LVH.", "Consistent with left ventricular hypertrophy." },
        [C.AnteriorMyocardialInfarction] = new[] { "Anterior myocardial infarction.", "Anterior infarct.", "Anterior wall myocardial infarction." },
        [C.InferiorMyocardialInfarction] = new[] { "Inferior myocardial infarction.", "Inferior infarct.", "Inferior wall myocardial infarction." },
        [C.StDepression] = new[] { "Nonspecific ST depression.", "ST depression, consider ischemia.", "Possible myocardial ischemia." },
        [C.TWaveInversion] = new[] { "T-wave inversion.", "Nonspecific T wave abnormality.", "T wave abnormality, consider ischemia." },
        [C.LowQrsVoltage] = new[] { "Low QRS voltage.", "Low voltage QRS.", "Low voltage." },
        [C.PrematureVentricularComplexes] = new[] { "Premature ventricular complexes.", "Ventricular premature beats.", "Ventricular ectopy." },
        [C.LongQt] = new[] { "Long QT.", "QT prolongation.", "Long QT interval." },
    };

    private static readonly string[] Normal = { "Sinus rhythm. Normal ECG.", "Normal sinus rhythm. Normal electrocardiogram.", "Sinus rhythm. Within normal limits." };
    private static readonly string[] Sinus = { "Sinus rhythm.", "Normal sinus rhythm.", "" };

    /// <summary>
    /// Writes a report naming the diagnoses and stating <paramref name="stated"/> features, either after the rhythm
    /// statement or at the end. <paramref name="rng"/> is drawn from exactly as without statements (so the rest of the
    /// record does not change); phrasing and placement of the statements use <paramref name="statementRng"/>.
    /// </summary>
    public static string Write(SyntheticHeart heart, Random rng, IReadOnlyList<string> stated, Random statementRng)
    {
        var dx = heart.Diagnosis;
        List<string> sentences;
        bool rhythmStated;
        if (dx.Rhythm == C.NormalSinusRhythm && dx.Findings.Count == 0)
        {
            string normal = rng.Pick(Normal);
            if (stated.Count == 0) return normal;
            int split = normal.IndexOf(". ", StringComparison.Ordinal) + 1;
            sentences = new List<string> { normal[..split], normal[(split + 1)..] };
            rhythmStated = true;
        }
        else
        {
            string rhythm = dx.Rhythm == C.NormalSinusRhythm ? rng.Pick(Sinus) : rng.Pick(Phrases[dx.Rhythm]);
            sentences = new List<string> { rhythm };
            foreach (var finding in dx.Findings)
                sentences.Add(finding == C.PrematureVentricularComplexes && heart.Bigeminy ? "Ventricular bigeminy." : rng.Pick(Phrases[finding]));
            sentences.RemoveAll(s => s.Length == 0);
            rhythmStated = rhythm.Length > 0;
        }
        if (stated.Count > 0)
        {
            var statements = SyntheticFeatureStatements.Sentences(stated, statementRng);
            int at = statementRng.Chance(0.5) ? (rhythmStated ? 1 : 0) : sentences.Count;
            sentences.InsertRange(at, statements);
        }
        return string.Join(" ", sentences);
    }
}
