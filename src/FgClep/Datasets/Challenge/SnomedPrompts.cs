
namespace FgClep.Datasets.Challenge;

/// <summary>
/// Zero-shot classes of a <see cref="SnomedLabelMap"/> (CPSC2018, Chapman-Shaoxing-Ningbo): each class named by its label
/// (e.g. <c>AFIB</c>) and prompted by its description (<c>atrial fibrillation</c>), the text of the category as the paper
/// prompts it. A class without a description is prompted by its name.
/// </summary>
public static class SnomedPrompts
{
    /// <summary>The classes of <paramref name="map"/>, in its order.</summary>
    public static IReadOnlyList<ZeroShotClass> Classes(SnomedLabelMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Classes
            .Select(c => string.IsNullOrWhiteSpace(c.Description) ? new ZeroShotClass(c.Name) : new ZeroShotClass(c.Name, new[] { c.Description.Trim() }))
            .ToArray();
    }
}
