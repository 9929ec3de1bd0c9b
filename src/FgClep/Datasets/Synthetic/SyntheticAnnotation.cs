namespace FgClep.Datasets.Synthetic;

/// <summary>What the annotator found for one record: the features present and the measured intervals.</summary>
internal sealed record SyntheticAnnotation(IReadOnlyList<string> Features, double HeartRate, double QrsAxis, double Qtc);
