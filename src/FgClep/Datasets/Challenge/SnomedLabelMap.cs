namespace FgClep.Datasets.Challenge;

/// <summary>
/// Maps the SNOMED-CT codes of a record (the <c>#Dx:</c> line of PhysioNet Challenge headers) to a fixed, ordered class list.
/// Matching is by exact code, never by name; codes outside the map are ignored.
/// </summary>
public sealed class SnomedLabelMap
{
    private readonly Dictionary<string, int> _classOfCode = new(StringComparer.Ordinal);

    /// <summary>Creates a map; each code may belong to one class only.</summary>
    /// <exception cref="ArgumentException">Two classes share a name or a code, or a class has no code.</exception>
    public SnomedLabelMap(IEnumerable<SnomedLabelClass> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Classes = classes.ToArray();
        if (Classes.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != Classes.Count)
            throw new ArgumentException("Class names must be unique.", nameof(classes));
        for (int i = 0; i < Classes.Count; i++)
        {
            if (Classes[i].SnomedCodes.Count == 0) throw new ArgumentException($"Class '{Classes[i].Name}' has no SNOMED-CT code.", nameof(classes));
            foreach (var code in Classes[i].SnomedCodes)
            {
                if (!_classOfCode.TryAdd(code.Trim(), i))
                    throw new ArgumentException(
                        $"SNOMED-CT code {code} is in both '{Classes[_classOfCode[code.Trim()]].Name}' and '{Classes[i].Name}'.", nameof(classes));
            }
        }
        ClassNames = Classes.Select(c => c.Name).ToArray();
    }

    /// <summary>The classes, in label order.</summary>
    public IReadOnlyList<SnomedLabelClass> Classes { get; }

    /// <summary>The class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The class of <paramref name="snomedCode"/>, or null when the code is not mapped.</summary>
    public string? ClassOf(string snomedCode)
        => _classOfCode.TryGetValue(snomedCode.Trim(), out int i) ? Classes[i].Name : null;

    /// <summary>The classes present among <paramref name="snomedCodes"/>, in label order, each once.</summary>
    public IReadOnlyList<string> Map(IEnumerable<string> snomedCodes)
    {
        ArgumentNullException.ThrowIfNull(snomedCodes);
        var present = new bool[Classes.Count];
        foreach (var code in snomedCodes)
        {
            if (_classOfCode.TryGetValue(code.Trim(), out int i)) present[i] = true;
        }
        return ClassNames.Where((_, i) => present[i]).ToArray();
    }
}
