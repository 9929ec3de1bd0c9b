using FgClep.IO;

namespace FgClep.Datasets.Synthetic;

/// <summary>
/// The fixed vocabulary of waveform features the <see cref="SyntheticEcgGenerator"/> reports as ground truth in
/// <see cref="EcgRecord.WaveformFeatures"/>. A feature is listed for a record exactly when it is present in that
/// record's signal (intervals, amplitudes and the QRS axis are measured on the noise-free beat that is drawn).
/// Leads: anterior = V1–V4, inferior = II, III, aVF, lateral = I, aVL, V5, V6.
/// No phrase is a substring of a diagnosis name; a report states features only as set by
/// <see cref="SyntheticEcgOptions.FeatureStatementShare"/> and lists them in <see cref="EcgRecord.StatedFeatures"/>.
/// </summary>
public static class SyntheticWaveformFeatures
{
    /// <summary>Sinus P waves, upright in lead II, before each conducted QRS.</summary>
    public const string UprightPWaves = "upright P waves in lead II";

    /// <summary>No P waves (atrial fibrillation).</summary>
    public const string AbsentPWaves = "absent P waves";

    /// <summary>Visible (coarse) fibrillatory f-waves in the baseline.</summary>
    public const string FibrillatoryWaves = "fibrillatory waves";

    /// <summary>Regular RR intervals (sinus rhythm without ectopic beats).</summary>
    public const string RegularRr = "regular RR intervals";

    /// <summary>Irregularly irregular RR intervals.</summary>
    public const string IrregularRr = "irregularly irregular RR intervals";

    /// <summary>Mean ventricular rate below 60 bpm.</summary>
    public const string SlowRate = "heart rate below 60 bpm";

    /// <summary>Mean ventricular rate above 100 bpm.</summary>
    public const string FastRate = "heart rate above 100 bpm";

    /// <summary>Mean ventricular rate from 60 to 100 bpm.</summary>
    public const string NormalRate = "heart rate between 60 and 100 bpm";

    /// <summary>PR interval 120–200 ms.</summary>
    public const string NormalPr = "normal PR interval";

    /// <summary>PR interval above 200 ms.</summary>
    public const string ProlongedPr = "prolonged PR interval";

    /// <summary>QRS duration below 110 ms.</summary>
    public const string NormalQrsDuration = "normal QRS duration";

    /// <summary>QRS duration of 120 ms or more.</summary>
    public const string WideQrs = "wide QRS complex";

    /// <summary>rSR′ (M-shaped) QRS in V1.</summary>
    public const string RsrPrimeV1 = "RSR' pattern in V1";

    /// <summary>Broad terminal S waves in I, aVL and V6.</summary>
    public const string WideLateralS = "wide S waves in lateral leads";

    /// <summary>Broad, notched R waves in I, aVL, V5 and V6.</summary>
    public const string NotchedLateralR = "broad notched R waves in lateral leads";

    /// <summary>Entirely negative QRS (no initial r) in V1.</summary>
    public const string QsV1 = "QS complex in V1";

    /// <summary>No small septal q waves in the lateral leads.</summary>
    public const string AbsentSeptalQ = "absent septal Q waves in lateral leads";

    /// <summary>ST segment and T wave opposite to the main QRS deflection.</summary>
    public const string DiscordantStT = "discordant ST-T changes";

    /// <summary>Frontal QRS axis between −30° and +90°.</summary>
    public const string NormalAxis = "normal QRS axis";

    /// <summary>Frontal QRS axis below −30°.</summary>
    public const string LeftAxis = "left axis deviation";

    /// <summary>Frontal QRS axis above +90°.</summary>
    public const string RightAxis = "right axis deviation";

    /// <summary>Sokolow-Lyon index (S in V1 + R in V5 or V6) above 3.5 mV.</summary>
    public const string HighVoltage = "high QRS voltage";

    /// <summary>QRS peak-to-peak amplitude below 0.5 mV in every limb lead.</summary>
    public const string LowLimbVoltage = "QRS amplitude below 0.5 mV in limb leads";

    /// <summary>QRS peak-to-peak amplitude below 1 mV in every precordial lead.</summary>
    public const string LowPrecordialVoltage = "QRS amplitude below 1 mV in precordial leads";

    /// <summary>Pathological Q waves (≥ 40 ms, deeper than 0.1 mV or a quarter of the QRS amplitude) in V1–V4.</summary>
    public const string AnteriorQ = "pathological Q waves in anterior leads";

    /// <summary>Pathological Q waves (≥ 40 ms, deeper than 0.1 mV or a quarter of the QRS amplitude) in II, III and aVF.</summary>
    public const string InferiorQ = "pathological Q waves in inferior leads";

    /// <summary>ST elevation of at least 0.1 mV in V1–V4.</summary>
    public const string AnteriorStElevation = "ST segment elevation in anterior leads";

    /// <summary>ST elevation of at least 0.1 mV in II, III and aVF.</summary>
    public const string InferiorStElevation = "ST segment elevation in inferior leads";

    /// <summary>ST depression of at least 0.05 mV in lateral leads.</summary>
    public const string LateralStDepression = "ST segment depression in lateral leads";

    /// <summary>ST depression of at least 0.05 mV in inferior leads.</summary>
    public const string InferiorStDepression = "ST segment depression in inferior leads";

    /// <summary>No ST deviation.</summary>
    public const string NormalSt = "normal ST segments";

    /// <summary>Inverted T waves in lateral leads.</summary>
    public const string LateralTInversion = "inverted T waves in lateral leads";

    /// <summary>Inverted T waves in V1–V4 (beyond the normal negative T in V1).</summary>
    public const string AnteriorTInversion = "inverted T waves in anterior leads";

    /// <summary>Inverted T waves in inferior leads.</summary>
    public const string InferiorTInversion = "inverted T waves in inferior leads";

    /// <summary>T waves upright where expected (all but aVR, and V1 optionally).</summary>
    public const string NormalT = "normal T waves";

    /// <summary>Rate-corrected QT (Bazett) above 460 ms.</summary>
    public const string ProlongedQt = "prolonged QT interval";

    /// <summary>Rate-corrected QT (Bazett) of at most 450 ms.</summary>
    public const string NormalQt = "normal QT interval";

    /// <summary>Early, wide QRS complexes without a preceding P wave.</summary>
    public const string PrematureWideBeats = "premature wide QRS complexes";

    /// <summary>A full compensatory pause after a premature beat.</summary>
    public const string CompensatoryPause = "compensatory pause";

    /// <summary>Ventricular bigeminy: every other beat in the record is premature.</summary>
    public const string Bigeminy = "premature beat after every normal beat";

    /// <summary>The whole vocabulary.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        UprightPWaves, AbsentPWaves, FibrillatoryWaves, RegularRr, IrregularRr, SlowRate, NormalRate, FastRate, NormalPr, ProlongedPr,
        NormalQrsDuration, WideQrs, RsrPrimeV1, WideLateralS, NotchedLateralR, QsV1, AbsentSeptalQ, DiscordantStT,
        NormalAxis, LeftAxis, RightAxis, HighVoltage, LowLimbVoltage, LowPrecordialVoltage, AnteriorQ, InferiorQ,
        AnteriorStElevation, InferiorStElevation, LateralStDepression, InferiorStDepression, NormalSt,
        LateralTInversion, AnteriorTInversion, InferiorTInversion, NormalT, ProlongedQt, NormalQt,
        PrematureWideBeats, CompensatoryPause, Bigeminy,
    };
}
