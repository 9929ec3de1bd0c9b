using FgClep.Datasets;
using FgClep.Datasets.Challenge;
using FgClep.Datasets.PtbXl;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// The zero-shot classes of a labelled data source: PTB-XL's statement descriptions and the Challenge classes' SNOMED
/// descriptions as prompts, the class names elsewhere (synthetic conditions are already readable).
/// </summary>
internal static class DataPrompts
{
    /// <summary>The classes in label-slot order, or null when the source has no labels.</summary>
    public static IReadOnlyList<ZeroShotClass>? Classes(LoadedData data)
    {
        if (data.ClassNames is not { Count: > 0 } names) return null;
        if (data.PtbXlTask is { } task) return task.Prompts();
        if (data.LabelMap is { } map) return SnomedPrompts.Classes(map);
        return names.Select(name => new ZeroShotClass(name)).ToArray();
    }
}
