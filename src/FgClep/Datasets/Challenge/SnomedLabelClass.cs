namespace FgClep.Datasets.Challenge;

/// <summary>One class of a <see cref="SnomedLabelMap"/>: a name and the SNOMED-CT codes that count as this class.</summary>
/// <param name="Name">The class name used as label (e.g. <c>AFIB</c>).</param>
/// <param name="Description">Readable description (e.g. <c>atrial fibrillation</c>).</param>
/// <param name="SnomedCodes">SNOMED-CT concept ids of the class; the first is the primary one, the others are scored as equivalent.</param>
public sealed record SnomedLabelClass(string Name, string Description, IReadOnlyList<string> SnomedCodes);
