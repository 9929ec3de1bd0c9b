namespace FgClep.Datasets.Challenge;

/// <summary>
/// The 9 classes of the CPSC2018 (ICBEB 2018) challenge, named as in the MERL benchmark split files, with the SNOMED-CT
/// codes the PhysioNet/CinC Challenge 2020/2021 headers use for them (plus the codes the challenge scores as equivalent).
/// </summary>
public static class Cpsc2018Labels
{
    /// <summary>The label map (class order = MERL's <c>icbeb</c> column order).</summary>
    public static SnomedLabelMap LabelMap { get; } = new(new[]
    {
        new SnomedLabelClass("AFIB", "atrial fibrillation", new[] { "164889003" }),
        new SnomedLabelClass("VPC", "ventricular ectopics", new[] { "164884008", "427172004", "17338001" }),
        new SnomedLabelClass("NORM", "sinus rhythm", new[] { "426783006" }),
        new SnomedLabelClass("1AVB", "1st degree av block", new[] { "270492004" }),
        new SnomedLabelClass("CRBBB", "right bundle branch block", new[] { "59118001", "713427006" }),
        new SnomedLabelClass("STE", "st elevation", new[] { "164931005" }),
        new SnomedLabelClass("PAC", "premature atrial contraction", new[] { "284470004", "63593006" }),
        new SnomedLabelClass("CLBBB", "left bundle branch block", new[] { "164909002", "733534002" }),
        new SnomedLabelClass("STD", "st depression", new[] { "429622005" }),
    });

    /// <summary>The class names (MERL's: AFIB, VPC, NORM, 1AVB, CRBBB, STE, PAC, CLBBB, STD).</summary>
    public static IReadOnlyList<string> ClassNames => LabelMap.ClassNames;

    /// <summary>
    /// The class names as CPSC2018's own <c>REFERENCE.csv</c> numbers them: 1 Normal, 2 AF, 3 I-AVB, 4 LBBB, 5 RBBB, 6 PAC,
    /// 7 PVC, 8 STD, 9 STE (index 0 is unused), each mapped to the name used here.
    /// </summary>
    private static readonly string[] ByReferenceNumber = { "", "NORM", "AFIB", "1AVB", "CLBBB", "CRBBB", "PAC", "VPC", "STD", "STE" };

    /// <summary>CPSC2018's original class names, keyed by the names used here.</summary>
    public static IReadOnlyDictionary<string, string> OriginalNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["NORM"] = "Normal", ["AFIB"] = "AF", ["1AVB"] = "I-AVB", ["CLBBB"] = "LBBB", ["CRBBB"] = "RBBB",
        ["PAC"] = "PAC", ["VPC"] = "PVC", ["STD"] = "STD", ["STE"] = "STE",
    };

    /// <summary>The class of a CPSC2018 <c>REFERENCE.csv</c> label number (1–9).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is not 1–9.</exception>
    public static string FromReferenceNumber(int number)
        => number is >= 1 and <= 9 ? ByReferenceNumber[number]
            : throw new ArgumentOutOfRangeException(nameof(number), number, "CPSC2018 label numbers are 1 to 9.");
}
