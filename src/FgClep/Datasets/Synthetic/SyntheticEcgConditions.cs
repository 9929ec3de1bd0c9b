using FgClep.IO;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// The diagnoses the <see cref="SyntheticEcgGenerator"/> draws from, by display name. These names are the
/// generator's <see cref="EcgRecord.Labels"/>. The four rhythms (<see cref="NormalSinusRhythm"/>,
/// <see cref="SinusBradycardia"/>, <see cref="SinusTachycardia"/>, <see cref="AtrialFibrillation"/>) exclude one
/// another; the other conditions can combine with a rhythm and with each other (see <see cref="SyntheticEcgOptions"/>).
/// <see cref="NormalSinusRhythm"/> is only used as a label when a record has no other finding.
/// </summary>
public static class SyntheticEcgConditions
{
    /// <summary>Normal ECG: sinus rhythm at 60–100 bpm and no abnormality.</summary>
    public const string NormalSinusRhythm = "normal sinus rhythm";

    /// <summary>Sinus rhythm below 60 bpm.</summary>
    public const string SinusBradycardia = "sinus bradycardia";

    /// <summary>Sinus rhythm above 100 bpm.</summary>
    public const string SinusTachycardia = "sinus tachycardia";

    /// <summary>Atrial fibrillation, with a controlled or a rapid ventricular response.</summary>
    public const string AtrialFibrillation = "atrial fibrillation";

    /// <summary>First-degree atrioventricular block (PR interval above 200 ms).</summary>
    public const string FirstDegreeAvBlock = "first-degree AV block";

    /// <summary>Complete right bundle branch block.</summary>
    public const string RightBundleBranchBlock = "right bundle branch block";

    /// <summary>Complete left bundle branch block.</summary>
    public const string LeftBundleBranchBlock = "left bundle branch block";

    /// <summary>Left ventricular hypertrophy, with or without strain.</summary>
    public const string LeftVentricularHypertrophy = "left ventricular hypertrophy";

    /// <summary>Anterior myocardial infarction (acute, evolving or old).</summary>
    public const string AnteriorMyocardialInfarction = "anterior myocardial infarction";

    /// <summary>Inferior myocardial infarction (acute, evolving or old).</summary>
    public const string InferiorMyocardialInfarction = "inferior myocardial infarction";

    /// <summary>Non-specific ST depression (lateral, inferior or diffuse, with or without T inversion).</summary>
    public const string StDepression = "ST depression";

    /// <summary>Non-specific T-wave inversion (lateral, anterior or inferior).</summary>
    public const string TWaveInversion = "T-wave inversion";

    /// <summary>Low QRS voltage (limb leads, or limb and precordial leads).</summary>
    public const string LowQrsVoltage = "low QRS voltage";

    /// <summary>Premature ventricular complexes (isolated or bigeminy).</summary>
    public const string PrematureVentricularComplexes = "premature ventricular complexes";

    /// <summary>Long QT (QTc above 460 ms).</summary>
    public const string LongQt = "long QT";

    /// <summary>All conditions, rhythms first.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        NormalSinusRhythm, SinusBradycardia, SinusTachycardia, AtrialFibrillation, FirstDegreeAvBlock,
        RightBundleBranchBlock, LeftBundleBranchBlock, LeftVentricularHypertrophy, AnteriorMyocardialInfarction,
        InferiorMyocardialInfarction, StDepression, TWaveInversion, LowQrsVoltage, PrematureVentricularComplexes, LongQt,
    };

    /// <summary>The mutually exclusive rhythm conditions.</summary>
    public static IReadOnlyList<string> Rhythms { get; } = new[] { NormalSinusRhythm, SinusBradycardia, SinusTachycardia, AtrialFibrillation };
}
