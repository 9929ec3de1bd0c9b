using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using FgClep.Inference;

namespace FgClep.Quickstart;

/// <summary>Zero-shot macro AUROC over the synthetic conditions: one prompt per condition (its name), scored on the test records.</summary>
internal static class ZeroShotReport
{
    public static MacroAuroc Evaluate(ClepEncoder model, IReadOnlyList<PreprocessedEcg> test)
    {
        var conditions = SyntheticEcgGenerator.Conditions;
        var classes = conditions.Select(c => new ZeroShotClass(c)).ToList();
        var embeddings = model.EmbedSignals(test.Select(r => r.Input).ToList());
        return ZeroShotEvaluation.Evaluate(model, embeddings, MultiHotLabels.Rows(test.Select(r => r.Labels), conditions), classes).Auroc;
    }

    public static void Print(TextWriter output, IReadOnlyList<(string Model, MacroAuroc Result)> rows)
    {
        var conditions = SyntheticEcgGenerator.Conditions;
        output.WriteLine();
        output.WriteLine("Zero-shot AUROC on the test records (prompt = condition name)");
        output.Write($"  {"condition",-34}");
        foreach (var (model, _) in rows) output.Write($"{model,12}");
        output.WriteLine();
        for (int c = 0; c < conditions.Count; c++)
        {
            output.Write($"  {conditions[c],-34}");
            foreach (var (_, r) in rows) output.Write(double.IsNaN(r.PerClass[c]) ? $"{"n/a",12}" : $"{r.PerClass[c],12:F3}");
            output.WriteLine();
        }
        output.Write($"  {"macro",-34}");
        foreach (var (_, r) in rows) output.Write($"{r.Macro,12:F3}");
        output.WriteLine();
    }
}
