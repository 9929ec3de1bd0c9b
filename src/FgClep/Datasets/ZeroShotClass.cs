namespace FgClep.Datasets;

/// <summary>A class for zero-shot classification: its name and one or more prompt texts (the class scores the best prompt).</summary>
/// <param name="Name">Class name, e.g. <c>atrial fibrillation</c>.</param>
/// <param name="Prompts">Prompt texts; when empty, the name itself is the prompt.</param>
public sealed record ZeroShotClass(string Name, IReadOnlyList<string> Prompts)
{
    /// <summary>A class whose only prompt is its name.</summary>
    public ZeroShotClass(string name) : this(name, Array.Empty<string>()) { }

    /// <summary>The prompts actually used.</summary>
    public IReadOnlyList<string> EffectivePrompts => Prompts.Count > 0 ? Prompts : new[] { Name };
}
