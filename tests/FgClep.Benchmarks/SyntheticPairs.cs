namespace FgClep.Benchmarks;

/// <summary>Deterministic (signal, report) pairs of the quickstart shape: 12 leads × 1000 samples, reports of about ten words.</summary>
internal static class SyntheticPairs
{
    public const int Leads = 12, Samples = 1000;

    private static readonly string[] Words =
    {
        "sinus", "rhythm", "normal", "ecg", "atrial", "fibrillation", "left", "right", "bundle", "branch", "block", "axis",
        "deviation", "st", "depression", "elevation", "t", "wave", "inversion", "first", "degree", "av", "anterior", "inferior",
        "infarction", "old", "possible", "ventricular", "hypertrophy", "premature", "complexes", "nonspecific", "changes", "with", "and",
    };

    public static (float[][] Signals, string[] Reports) Create(int count, int seed)
    {
        var rng = new Random(seed);
        var signals = new float[count][];
        var reports = new string[count];
        for (int i = 0; i < count; i++)
        {
            var signal = new float[Leads * Samples];
            double rate = 0.05 + 0.1 * rng.NextDouble();
            for (int k = 0; k < signal.Length; k++) signal[k] = (float)(Math.Sin(k * rate) + 0.1 * (rng.NextDouble() - 0.5));
            signals[i] = signal;
            reports[i] = string.Join(' ', Enumerable.Range(0, 8 + rng.Next(5)).Select(_ => Words[rng.Next(Words.Length)]));
        }
        return (signals, reports);
    }
}
