using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.Training;

namespace FgClep.Tests.Design;

/// <summary>
/// The library's layers, lowest first, and the rule that a layer uses only layers below it (and itself). Checked on the
/// compiled assembly, IL included, so a reference hidden in a method body counts as much as one in a signature.
/// </summary>
[TestClass]
public sealed class NamespaceDependencyTests
{
    /// <summary>The layers of <c>src/FgClep</c>, in the order dependencies may flow (docs/architecture.md).</summary>
    internal static readonly string[] Layers =
    [
        "FgClep.IO",
        "FgClep.Preprocessing",
        "FgClep.Datasets",
        "FgClep.Modeling",
        "FgClep.Inference",
        "FgClep.Evaluation",
        "FgClep.Training",
        "FgClep.Enrichment",
        "FgClep.MLNet",
    ];

    private static readonly Type[] LibraryTypes = typeof(ClepEncoder).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("FgClep.", StringComparison.Ordinal) == true)
        .ToArray();

    [TestMethod]
    public void EveryNamespaceBelongsToALayer()
    {
        var strays = LibraryTypes.Select(t => t.Namespace!).Distinct().Where(n => LayerOf(n) < 0).OrderBy(n => n).ToList();
        Assert.IsEmpty(strays, "Namespaces outside the layers: " + string.Join(", ", strays));
    }

    [TestMethod]
    public void NoLayerUsesALayerAboveIt()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in LibraryTypes)
        {
            var from = LayerOf(type.Namespace!);
            if (from < 0) continue;   // reported by EveryNamespaceBelongsToALayer
            foreach (var (target, where) in IlTypeReferences.Of(type))
            {
                if (target.Assembly != type.Assembly || target.Namespace is null) continue;
                var to = LayerOf(target.Namespace);
                if (to > from && to >= 0) violations.Add($"{Outermost(type).FullName}.{where} → {target.FullName} ({Layers[from]} → {Layers[to]})");
            }
        }
        Assert.IsEmpty(violations, "Upward references:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCheckSeesReferencesInsideMethodBodies()
    {
        // ClepTrainer's validation calls the zero-shot evaluation only inside a method body: the scan must see it.
        var references = IlTypeReferences.Of(typeof(ClepTrainer)).Select(r => r.Target)
            .Concat(typeof(ClepTrainer).GetNestedTypes(System.Reflection.BindingFlags.NonPublic)
                .SelectMany(n => IlTypeReferences.Of(n).Select(r => r.Target)));
        CollectionAssert.Contains(references.ToList(), typeof(ZeroShotEvaluation));
    }

    private static int LayerOf(string ns) =>
        Array.FindIndex(Layers, l => ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal));

    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }
}
