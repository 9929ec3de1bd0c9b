using F = FgClep.Datasets.Synthetic.SyntheticWaveformFeatures;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// Machine-report phrasings of the waveform features (the findings statements of MIMIC-IV-ECG and PTB-XL reports),
/// and the choice of which present features a report states. Each feature's first phrasing is its vocabulary name,
/// the text the knowledge base and language-model proposers put forward, so that stage 1 learns to align that text
/// with the waveform; the others are the terse variants machine reports use.
/// </summary>
internal static class SyntheticFeatureStatements
{
    /// <summary>Salt of the per-record random stream for statements, kept apart from the signal's stream.</summary>
    public const int StreamSalt = 0x5EED_F00D;

    private const int MaxStated = 3;

    // Abnormal findings are what machine reports mostly state; normal ones still appear, less often.
    private const double AbnormalWeight = 3, NormalWeight = 1;

    private static readonly HashSet<string> NormalFeatures = new(StringComparer.Ordinal)
        { F.UprightPWaves, F.RegularRr, F.NormalRate, F.NormalPr, F.NormalQrsDuration, F.NormalAxis, F.NormalSt, F.NormalT, F.NormalQt };

    public static IReadOnlyDictionary<string, string[]> Phrasings { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [F.UprightPWaves] = new[] { "Upright P waves in lead II", "Upright P waves in II", "P waves upright in II", "Normal P waves" },
        [F.AbsentPWaves] = new[] { "Absent P waves", "No visible P waves", "No P waves identified" },
        [F.FibrillatoryWaves] = new[] { "Fibrillatory waves", "Coarse fibrillatory waves", "Fibrillatory baseline", "Coarse f waves" },
        [F.RegularRr] = new[] { "Regular RR intervals", "Regular rhythm", "Regular ventricular rhythm" },
        [F.IrregularRr] = new[] { "Irregularly irregular RR intervals", "Irregularly irregular rhythm", "Irregularly irregular ventricular rhythm" },
        [F.SlowRate] = new[] { "Heart rate below 60 bpm", "Ventricular rate below 60 bpm", "Slow ventricular rate", "Rate below 60" },
        [F.FastRate] = new[] { "Heart rate above 100 bpm", "Ventricular rate above 100 bpm", "Rapid ventricular rate", "Rate above 100" },
        [F.NormalRate] = new[] { "Heart rate between 60 and 100 bpm", "Ventricular rate 60-100 bpm", "Normal ventricular rate", "Normal rate" },
        [F.NormalPr] = new[] { "Normal PR interval", "PR interval normal", "Normal PR" },
        [F.ProlongedPr] = new[] { "Prolonged PR interval", "PR prolongation", "Long PR interval", "PR interval prolonged" },
        [F.NormalQrsDuration] = new[] { "Normal QRS duration", "QRS duration normal", "Narrow QRS complexes" },
        [F.WideQrs] = new[] { "Wide QRS complex", "Wide QRS", "QRS widening", "Broad QRS complexes" },
        [F.RsrPrimeV1] = new[] { "RSR' pattern in V1", "rSR' in V1", "RSR' in lead V1", "M-shaped QRS in V1" },
        [F.WideLateralS] = new[] { "Wide S waves in lateral leads", "Broad S waves in I, aVL, V6", "Slurred S waves in lateral leads", "Wide terminal S in I and V6" },
        [F.NotchedLateralR] = new[] { "Broad notched R waves in lateral leads", "Notched R waves in V5-V6", "Broad notched R in I, aVL, V5, V6", "Notched lateral R waves" },
        [F.QsV1] = new[] { "QS complex in V1", "QS pattern in V1", "QS in lead V1" },
        [F.AbsentSeptalQ] = new[] { "Absent septal Q waves in lateral leads", "Absent septal q waves", "Loss of septal Q waves in I, V5-V6", "Absent Q waves in I, aVL, V6" },
        [F.DiscordantStT] = new[] { "Discordant ST-T changes", "Secondary ST-T changes", "ST-T discordant to QRS", "Discordant repolarization" },
        [F.NormalAxis] = new[] { "Normal QRS axis", "Normal axis", "Normal frontal axis" },
        [F.LeftAxis] = new[] { "Left axis deviation", "Leftward axis", "Left axis", "QRS axis leftward" },
        [F.RightAxis] = new[] { "Right axis deviation", "Rightward axis", "Right axis", "QRS axis rightward" },
        [F.HighVoltage] = new[] { "High QRS voltage", "Increased QRS voltage", "High voltage QRS", "High precordial voltages" },
        [F.LowLimbVoltage] = new[] { "QRS amplitude below 0.5 mV in limb leads", "Low voltage in limb leads", "Low limb lead voltage", "Low QRS voltages in limb leads" },
        [F.LowPrecordialVoltage] = new[] { "QRS amplitude below 1 mV in precordial leads", "Low voltage in precordial leads", "Low precordial voltage", "Low QRS voltages in precordial leads" },
        [F.AnteriorQ] = new[] { "Pathological Q waves in anterior leads", "Q waves in V1-V4", "Anterior Q waves", "Pathologic Q waves in anterior leads" },
        [F.InferiorQ] = new[] { "Pathological Q waves in inferior leads", "Q waves in II, III, aVF", "Inferior Q waves", "Pathologic Q waves in inferior leads" },
        [F.AnteriorStElevation] = new[] { "ST segment elevation in anterior leads", "ST elevation in V1-V4", "Anterior ST elevation", "ST elevation in anterior leads" },
        [F.InferiorStElevation] = new[] { "ST segment elevation in inferior leads", "ST elevation in II, III, aVF", "Inferior ST elevation", "ST elevation in inferior leads" },
        [F.LateralStDepression] = new[] { "ST segment depression in lateral leads", "ST depression in lateral leads", "ST segment depression V5-V6", "Lateral ST depression", "ST depression in I, aVL, V5-V6" },
        [F.InferiorStDepression] = new[] { "ST segment depression in inferior leads", "ST depression in II, III, aVF", "Inferior ST depression", "ST depression in inferior leads" },
        [F.NormalSt] = new[] { "Normal ST segments", "ST segments normal", "Isoelectric ST segments" },
        [F.LateralTInversion] = new[] { "Inverted T waves in lateral leads", "T wave inversion in lateral leads", "T wave inversion V5-V6", "Lateral T wave inversion" },
        [F.AnteriorTInversion] = new[] { "Inverted T waves in anterior leads", "T wave inversion in V2-V4", "Anterior T wave inversion", "T wave inversion in anterior leads" },
        [F.InferiorTInversion] = new[] { "Inverted T waves in inferior leads", "T wave inversion in II, III, aVF", "Inferior T wave inversion", "T wave inversion in inferior leads" },
        [F.NormalT] = new[] { "Normal T waves", "T waves normal", "Upright T waves" },
        [F.ProlongedQt] = new[] { "Prolonged QT interval", "Prolonged QTc", "QTc prolonged", "Prolonged QT" },
        [F.NormalQt] = new[] { "Normal QT interval", "QTc normal", "Normal QTc" },
        [F.PrematureWideBeats] = new[] { "Premature wide QRS complexes", "Premature wide complexes", "Early wide QRS complexes", "Wide premature beats" },
        [F.CompensatoryPause] = new[] { "Compensatory pause", "Full compensatory pause", "Compensatory pauses after premature beats" },
        [F.Bigeminy] = new[] { "Premature beat after every normal beat", "Bigeminal pattern", "Every other beat premature", "Premature complexes in a bigeminal pattern" },
    };

    /// <summary>
    /// Draws 1 to 3 of the <paramref name="present"/> features (abnormal ones three times as likely as normal ones),
    /// returned in vocabulary order.
    /// </summary>
    public static IReadOnlyList<string> Choose(IReadOnlyList<string> present, Random rng)
    {
        var pool = present.ToList();
        int count = Math.Min(pool.Count, 1 + rng.Next(MaxStated));
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < count; k++)
        {
            double total = pool.Sum(Weight);
            double u = rng.NextDouble() * total;
            int i = 0;
            while (i < pool.Count - 1 && (u -= Weight(pool[i])) >= 0) i++;
            chosen.Add(pool[i]);
            pool.RemoveAt(i);
        }
        return present.Where(chosen.Contains).ToList();
    }

    /// <summary>
    /// Phrases the <paramref name="stated"/> features as report sentences in random order: one sentence each, or
    /// sometimes a single comma-separated sentence ("Left axis deviation, prolonged QT interval.").
    /// </summary>
    public static List<string> Sentences(IReadOnlyList<string> stated, Random rng)
    {
        var phrases = stated.Select(f => rng.Pick(Phrasings[f])).ToList();
        for (int i = phrases.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (phrases[i], phrases[j]) = (phrases[j], phrases[i]);
        }
        if (phrases.Count > 1 && rng.Chance(0.3))
            return new List<string> { string.Join(", ", phrases.Select((p, i) => i == 0 ? p : LowerInitial(p))) + "." };
        return phrases.Select(p => p + ".").ToList();
    }

    private static double Weight(string feature) => NormalFeatures.Contains(feature) ? NormalWeight : AbnormalWeight;

    // "Left axis deviation" → "left axis deviation", but "ST depression", "QS complex", "T wave …" keep their capitals.
    private static string LowerInitial(string phrase) =>
        phrase.Length > 1 && char.IsUpper(phrase[0]) && char.IsLower(phrase[1]) ? char.ToLowerInvariant(phrase[0]) + phrase[1..] : phrase;
}
