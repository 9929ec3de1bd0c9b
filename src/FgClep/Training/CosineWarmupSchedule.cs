namespace FgClep.Training;

/// <summary>
/// Learning-rate multiplier: linear warm-up from 0 over the first <c>warmupFraction</c> of steps, then cosine decay to 0
/// (the paper's schedule, 10 % warm-up). A pure function of the step, so a resumed run gets the same rates.
/// </summary>
public sealed class CosineWarmupSchedule
{
    /// <summary>Creates the schedule for <paramref name="totalSteps"/> optimiser steps.</summary>
    public CosineWarmupSchedule(int totalSteps, double warmupFraction = 0.1)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Need at least one step.");
        if (warmupFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(warmupFraction), warmupFraction, "Must be in [0, 1).");
        TotalSteps = totalSteps;
        WarmupSteps = (int)Math.Round(totalSteps * warmupFraction);
    }

    /// <summary>Total optimiser steps.</summary>
    public int TotalSteps { get; }

    /// <summary>Warm-up steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>Multiplier for zero-based step <paramref name="step"/>, in [0, 1].</summary>
    public double Factor(int step)
    {
        if (step < WarmupSteps) return (step + 1) / (double)(WarmupSteps + 1);
        int decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Clamp((step - WarmupSteps) / (double)decaySteps, 0, 1);
        return 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
