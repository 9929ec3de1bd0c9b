using FgClep.Data;
using FgClep.Evaluation;
using FgClep.Modeling;

namespace FgClep.PtbXlBenchmark;

/// <summary>Zero-shot macro AUROC with a bootstrap CI on one PTB-XL task, plain prompts or the 12-lead ensemble.</summary>
internal static class ZeroShotEvaluation
{
    public sealed record Result(double MacroAuroc, double Lower, double Upper, int Classes, int ExcludedClasses);

    public static Result Evaluate(FgClepModel model, float[][] embeddings, IReadOnlyList<PtbXlItem> test, PtbXlTask task,
        IReadOnlyList<string> classNames, IReadOnlyList<ZeroShotClass> classes, bool ensemble, int seed)
    {
        var classifier = new ZeroShotClassifier(model, classes, ensemble);
        var scores = classifier.ScoreLogitsAll(embeddings);
        var labels = LabelMatrix(test, task, classNames);
        var macro = RocAuc.ComputeMacro(scores, labels, classNames.Count);
        var ci = Bootstrap.MacroAurocAndAuprc(scores, labels, classNames.Count, new BootstrapOptions { Seed = seed });
        return new Result(macro.Macro, ci.MacroAuroc.Lower, ci.MacroAuroc.Upper, classNames.Count, macro.ExcludedClasses);
    }

    public static float[] LabelMatrix(IReadOnlyList<PtbXlItem> items, PtbXlTask task, IReadOnlyList<string> classNames)
    {
        var labels = new float[items.Count * classNames.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var present = items[i].Labels[task];
            for (int c = 0; c < classNames.Count; c++) labels[i * classNames.Count + c] = present.Contains(classNames[c]) ? 1f : 0f;
        }
        return labels;
    }
}
