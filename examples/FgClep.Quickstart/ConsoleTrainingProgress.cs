using FgClep.Modeling.Losses;
using FgClep.Training;

namespace FgClep.Quickstart;

/// <summary>A one-line progress bar for training: epoch, step, loss, throughput and time left.</summary>
internal sealed class ConsoleTrainingProgress(TextWriter output) : IProgress<TrainingProgress>
{
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _lastEpochPrinted = -1;

    public void Report(TrainingProgress p)
    {
        const int width = 30;
        int filled = (int)Math.Round(width * p.Step / (double)p.TotalSteps);
        string line = $"  [{new string('#', filled)}{new string('.', width - filled)}] epoch {p.Epoch + 1}/{p.Epochs} step {p.Step}/{p.TotalSteps} " +
                      $"loss {p.Loss:F3} (contrastive {p.ContrastiveLoss:F3}, FNM {p.FalseNegativeMitigationLoss:F3}) {p.EcgsPerSecond:F0} ECG/s, {p.Remaining:mm\\:ss} left";
        if (_interactive) output.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 160) : 160));
        else if (p.Step == p.TotalSteps || (p.Step * p.Epochs / p.TotalSteps) != _lastEpochPrinted)
        {
            // Redirected output (CI, logs): one line per epoch instead of a redrawn bar.
            _lastEpochPrinted = p.Step * p.Epochs / p.TotalSteps;
            output.WriteLine(line);
        }
        PrintValidation(p);
    }

    private void PrintValidation(TrainingProgress p)
    {
        if (p.Validation is not { } v) return;
        if (_interactive) output.WriteLine();
        output.WriteLine($"  validation after epoch {v.Epoch + 1}: loss {v.Loss:F3}" +
                         (v.ZeroShotMacroAuroc is { } auc ? $", zero-shot macro AUROC {auc:F3}" : ""));
    }

    public void Finish()
    {
        if (_interactive) output.WriteLine();
    }
}
