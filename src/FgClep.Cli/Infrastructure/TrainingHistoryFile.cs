using System.Text.Json;
using FgClep.IO;
using FgClep.Training;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Reads the per-step losses and per-epoch validation results back from the <c>training.json</c> that
/// 'fgclep pretrain' writes (<c>losses: [{step, epoch, loss, contrastive, fnm}]</c>, <c>validation: [{epoch, loss, zeroShotMacroAuroc}]</c>).
/// </summary>
internal static class TrainingHistoryFile
{
    /// <summary>One report per recorded step (epochs zero-based, as the trainer reports them); a usage error names the file and the problem.</summary>
    public static IReadOnlyList<TrainingProgress> Read(string path, string flag)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"{flag} file '{path}' does not exist", $"Give the {PretrainOutputs.TrainingFileName} that 'fgclep pretrain' wrote in its --out folder");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(RegularFile.ReadAllText(path));
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Malformed(path, flag, $"not valid JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("losses", out var losses) || losses.ValueKind != JsonValueKind.Array)
            throw Malformed(path, flag, "no \"losses\" list");

        var validation = new Dictionary<int, ValidationResult>();
        if (root.TryGetProperty("validation", out var epochs) && epochs.ValueKind == JsonValueKind.Array)
            foreach (var v in epochs.EnumerateArray())
            {
                int epoch = Int(v, "epoch", path, flag) - 1;
                validation[epoch] = new ValidationResult(epoch, Number(v, "loss"), v.TryGetProperty("zeroShotMacroAuroc", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDouble() : null);
            }

        var steps = losses.EnumerateArray().Select(s => (Step: Int(s, "step", path, flag), Epoch: Int(s, "epoch", path, flag) - 1, Loss: Number(s, "loss"))).ToArray();
        if (steps.Length == 0) throw Malformed(path, flag, "the \"losses\" list is empty (the run recorded no step)");
        int totalSteps = root.TryGetProperty("totalSteps", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : steps[^1].Step;
        int totalEpochs = steps.Max(s => s.Epoch) + 1;
        return steps.Select((s, i) =>
        {
            // The trainer attaches an epoch's validation to that epoch's last step.
            bool lastOfEpoch = i == steps.Length - 1 || steps[i + 1].Epoch != s.Epoch;
            return new TrainingProgress(s.Epoch, totalEpochs, s.Step, totalSteps, s.Loss, double.NaN, double.NaN, double.NaN, double.NaN, TimeSpan.Zero,
                lastOfEpoch ? validation.GetValueOrDefault(s.Epoch) : null);
        }).ToArray();
    }

    private static int Int(JsonElement element, string name, string path, string flag) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt32(out int n)
            ? n
            : throw Malformed(path, flag, $"an entry has no integer \"{name}\"");

    /// <summary>A number, or NaN where the file has null (a non-finite loss).</summary>
    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static CliUsageException Malformed(string path, string flag, string problem) =>
        new($"{flag} file '{path}': {problem}", $"Give the {PretrainOutputs.TrainingFileName} written by 'fgclep pretrain'");
}
