namespace FgClep.Datasets.Synthetic;

/// <summary>One scheduled beat: QRS onset time (s), whether it is a premature ventricular beat, whether a P wave
/// precedes it, and its respiratory amplitude modulation.</summary>
internal readonly record struct SyntheticBeat(double Time, bool Ectopic, bool HasP, float Gain);
