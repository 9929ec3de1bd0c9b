namespace FgClep.Datasets.Challenge;

/// <summary>One condition of the Chapman-Shaoxing-Ningbo database's label dictionary (<c>ConditionNames_SNOMED-CT.csv</c>).</summary>
/// <param name="Acronym">The acronym used in the database and in MERL's split files (e.g. <c>AFIB</c>).</param>
/// <param name="FullName">The full name as spelled in the dictionary.</param>
/// <param name="SnomedCode">The SNOMED-CT concept id used in the record headers.</param>
public sealed record ChapmanCondition(string Acronym, string FullName, string SnomedCode);
