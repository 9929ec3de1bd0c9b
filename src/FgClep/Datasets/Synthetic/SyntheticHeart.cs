using System.Numerics;

namespace FgClep.Datasets.Synthetic;

/// <summary>Everything the renderer and the annotator need to know about one synthetic patient's heart.</summary>
internal sealed class SyntheticHeart
{
    public required SyntheticDiagnosis Diagnosis { get; init; }

    /// <summary>P wave (time 0 = P onset); null when there are no P waves (atrial fibrillation).</summary>
    public SyntheticBeatShape? Atrial { get; init; }

    /// <summary>Conducted beat: QRS, ST and T (time 0 = QRS onset).</summary>
    public required SyntheticBeatShape Ventricular { get; init; }

    /// <summary>Premature ventricular beat, or null when the record has none.</summary>
    public SyntheticBeatShape? Ectopic { get; init; }

    /// <summary>Ectopic beats come every other beat (bigeminy) rather than 1–3 times.</summary>
    public bool Bigeminy { get; init; }

    /// <summary>P onset to QRS onset, seconds.</summary>
    public double PrInterval { get; init; }

    /// <summary>QRS onset to J point, seconds.</summary>
    public double QrsDuration { get; init; }

    /// <summary>QRS onset to T end, seconds.</summary>
    public double QtInterval { get; init; }

    /// <summary>Time of the T peak after QRS onset, seconds.</summary>
    public double TPeak { get; init; }

    /// <summary>Mean RR interval the rhythm is built around, seconds.</summary>
    public double MeanRr { get; init; }

    /// <summary>Relative amplitude of respiratory sinus arrhythmia.</summary>
    public double SinusArrhythmia { get; init; }

    /// <summary>Respiration frequency, Hz.</summary>
    public double RespirationHz { get; init; }

    /// <summary>Peak amplitude of the fibrillatory waves' dipole (mV); 0 without atrial fibrillation.</summary>
    public double FibrillationAmplitude { get; init; }

    /// <summary>Dominant f-wave frequency, Hz.</summary>
    public double FibrillationHz { get; init; }

    /// <summary>Direction of the f-wave dipole.</summary>
    public Vector3 FibrillationVector { get; init; }

    /// <summary>Features that hold by construction (bundle branch block morphology); the rest are measured.</summary>
    public required IReadOnlyList<string> ConstructedFeatures { get; init; }
}
