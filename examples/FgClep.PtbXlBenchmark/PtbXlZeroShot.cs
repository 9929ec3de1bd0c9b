using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Evaluation;
using FgClep.Inference;

namespace FgClep.PtbXlBenchmark;

/// <summary>Zero-shot macro AUROC with a bootstrap CI on one PTB-XL task, plain prompts or the 12-lead ensemble.</summary>
internal static class PtbXlZeroShot
{
    public sealed record Result(double MacroAuroc, double Lower, double Upper, int Classes, int ExcludedClasses);

    public static Result Evaluate(ClepEncoder model, float[][] embeddings, IReadOnlyList<PtbXlItem> test, PtbXlTask task,
        IReadOnlyList<string> classNames, IReadOnlyList<ZeroShotClass> classes, bool ensemble, int seed)
    {
        var labels = LabelRows(test, task, classNames);
        var r = ZeroShotEvaluation.Evaluate(model, embeddings, labels, classes, ensemble, new BootstrapOptions { Seed = seed });
        return new Result(r.Auroc.Macro, r.Bootstrap?.MacroAuroc.Lower ?? double.NaN, r.Bootstrap?.MacroAuroc.Upper ?? double.NaN,
            classNames.Count, r.Auroc.ExcludedClasses);
    }

    /// <summary>One 0/1 row per record over <paramref name="classNames"/>.</summary>
    public static List<float[]> LabelRows(IReadOnlyList<PtbXlItem> items, PtbXlTask task, IReadOnlyList<string> classNames) =>
        MultiHotLabels.Rows(items.Select(i => i.Labels[task]), classNames).ToList();

    /// <summary>The same labels as one row-major [records, classes] matrix.</summary>
    public static float[] LabelMatrix(IReadOnlyList<PtbXlItem> items, PtbXlTask task, IReadOnlyList<string> classNames) =>
        LabelRows(items, task, classNames).SelectMany(r => r).ToArray();
}
