
namespace FgClep.Datasets.Challenge;

/// <summary>Settings of <see cref="FgClep.MLNet.EcgDataCatalogExtensions.LoadPhysioNetChallenge"/>.</summary>
public sealed record PhysioNetChallengeLoadOptions : EcgLoadOptions
{
    /// <summary>
    /// Maps <c>#Dx</c> SNOMED-CT codes to classes (e.g. <see cref="Cpsc2018Labels.LabelMap"/>, <see cref="ChapmanLabels.LabelMap"/>);
    /// its classes are the label column's unless <see cref="EcgLoadOptions.ClassNames"/> is set. Null: labels are the raw codes.
    /// </summary>
    public SnomedLabelMap? LabelMap { get; init; }

    /// <summary>Only this split (<c>train</c>, <c>validation</c>, <c>test</c>); null for all records.</summary>
    public string? Split { get; init; }

    /// <summary>Seed of the split. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Fraction of records in train. Default 0.7.</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>Fraction of records in validation (the rest is test). Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;
}
