using FgClep.Datasets.Synthetic;

namespace FgClep.Plots;

/// <summary>Settings of <see cref="Tsne"/>; the defaults follow the usual exact t-SNE recipe.</summary>
public sealed class TsneOptions
{
    /// <summary>
    /// Effective number of neighbours each point's Gaussian is calibrated to (default 30).
    /// Small inputs use at most (n − 1) / 3 so the calibration stays reachable.
    /// </summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in all (default 1000).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Factor the input affinities are multiplied by during the first iterations (default 12).</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations run with early exaggeration and <see cref="InitialMomentum"/> (default 250).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Step size; null (default) picks max(n / <see cref="EarlyExaggeration"/> / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum during the exaggeration phase (default 0.5).</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum after the exaggeration phase (default 0.8).</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Output dimensions (default 2).</summary>
    public int Dimensions { get; init; } = 2;

    /// <summary>Seed of the random initial layout; the same input and seed give the same output.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        static void Require(bool ok, string name, object value, string expected)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"TsneOptions.{name} must be {expected}.");
        }
        Require(double.IsFinite(Perplexity) && Perplexity > 0, nameof(Perplexity), Perplexity, "a positive number");
        Require(Iterations >= 1, nameof(Iterations), Iterations, "at least 1");
        Require(double.IsFinite(EarlyExaggeration) && EarlyExaggeration >= 1, nameof(EarlyExaggeration), EarlyExaggeration, "at least 1");
        Require(ExaggerationIterations >= 0, nameof(ExaggerationIterations), ExaggerationIterations, "zero or more");
        Require(LearningRate is null || (double.IsFinite(LearningRate.Value) && LearningRate > 0), nameof(LearningRate), LearningRate!, "null or a positive number");
        Require(InitialMomentum is >= 0 and < 1, nameof(InitialMomentum), InitialMomentum, "in [0, 1)");
        Require(FinalMomentum is >= 0 and < 1, nameof(FinalMomentum), FinalMomentum, "in [0, 1)");
        Require(Dimensions is >= 1 and <= 3, nameof(Dimensions), Dimensions, "1, 2 or 3");
    }
}
