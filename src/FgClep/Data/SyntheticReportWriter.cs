using C = FgClep.Data.SyntheticEcgConditions;

namespace FgClep.Data;

/// <summary>
/// Writes the short machine-style report of a synthetic record. It names the diagnoses only (in one of a few
/// phrasings), never the waveform features, so features must be inferred from the signal.
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

    public static string Write(SyntheticHeart heart, Random rng)
    {
        var dx = heart.Diagnosis;
        if (dx.Rhythm == C.NormalSinusRhythm && dx.Findings.Count == 0) return rng.Pick(Normal);
        var sentences = new List<string> { dx.Rhythm == C.NormalSinusRhythm ? rng.Pick(Sinus) : rng.Pick(Phrases[dx.Rhythm]) };
        foreach (var finding in dx.Findings)
            sentences.Add(finding == C.PrematureVentricularComplexes && heart.Bigeminy ? "Ventricular bigeminy." : rng.Pick(Phrases[finding]));
        return string.Join(" ", sentences.Where(s => s.Length > 0));
    }
}
