namespace FgClep.Datasets.Synthetic;

/// <summary>Draws a record's conditions from the configured weights, combining compatible conditions.</summary>
internal sealed class SyntheticConditionSampler
{
    private static readonly Dictionary<string, string[]> Incompatible = BuildIncompatibilities();

    private readonly string[] _names;
    private readonly double[] _cumulative;
    private readonly double _combinationProbability;

    public SyntheticConditionSampler(SyntheticEcgOptions options)
    {
        var weights = options.ConditionWeights ?? SyntheticEcgConditions.All.ToDictionary(
            c => c, c => c == SyntheticEcgConditions.NormalSinusRhythm ? 3.0 : 1.0);
        foreach (var (name, weight) in weights)
        {
            if (!SyntheticEcgConditions.All.Contains(name))
                throw new ArgumentException(
                    $"Unknown condition '{name}' in ConditionWeights; expected one of: {string.Join(", ", SyntheticEcgConditions.All)}.", nameof(options));
            if (!(weight >= 0) || double.IsInfinity(weight))
                throw new ArgumentException($"Weight of condition '{name}' must be a finite number ≥ 0, found {weight}.", nameof(options));
        }
        _names = SyntheticEcgConditions.All.Where(c => weights.GetValueOrDefault(c) > 0).ToArray();
        if (_names.Length == 0) throw new ArgumentException("ConditionWeights gives no condition a positive weight.", nameof(options));
        _cumulative = new double[_names.Length];
        double total = 0;
        for (int i = 0; i < _names.Length; i++) _cumulative[i] = total += weights[_names[i]];
        if (!(options.CombinationProbability is >= 0 and <= 1))
            throw new ArgumentException($"CombinationProbability must be in [0, 1], found {options.CombinationProbability}.", nameof(options));
        _combinationProbability = options.CombinationProbability;
    }

    public SyntheticDiagnosis Draw(Random rng)
    {
        var primary = DrawOne(rng);
        var rhythm = SyntheticEcgConditions.NormalSinusRhythm;
        var findings = new List<string>();
        if (SyntheticEcgConditions.Rhythms.Contains(primary)) rhythm = primary;
        else findings.Add(primary);

        if (primary != SyntheticEcgConditions.NormalSinusRhythm && rng.Chance(_combinationProbability))
        {
            var second = DrawOne(rng);
            if (second != SyntheticEcgConditions.NormalSinusRhythm && second != primary && Compatible(rhythm, findings, second))
            {
                if (SyntheticEcgConditions.Rhythms.Contains(second)) rhythm = second;
                else findings.Add(second);
            }
        }
        return new SyntheticDiagnosis(rhythm, findings);
    }

    private string DrawOne(Random rng)
    {
        double u = rng.NextDouble() * _cumulative[^1];
        int i = Array.FindIndex(_cumulative, c => u < c);
        return _names[i < 0 ? _names.Length - 1 : i];
    }

    private static bool Compatible(string rhythm, List<string> findings, string candidate)
    {
        if (SyntheticEcgConditions.Rhythms.Contains(candidate))
            return rhythm == SyntheticEcgConditions.NormalSinusRhythm && findings.All(f => !Clash(f, candidate));
        return findings.All(f => !Clash(f, candidate)) && !Clash(rhythm, candidate);
    }

    private static bool Clash(string a, string b)
        => (Incompatible.TryGetValue(a, out var x) && x.Contains(b)) || (Incompatible.TryGetValue(b, out var y) && y.Contains(a));

    private static Dictionary<string, string[]> BuildIncompatibilities()
    {
        // Pairs that cannot coexist, or whose ECG signs would mask each other.
        const string af = SyntheticEcgConditions.AtrialFibrillation, avb = SyntheticEcgConditions.FirstDegreeAvBlock,
            rbbb = SyntheticEcgConditions.RightBundleBranchBlock, lbbb = SyntheticEcgConditions.LeftBundleBranchBlock,
            lvh = SyntheticEcgConditions.LeftVentricularHypertrophy, ami = SyntheticEcgConditions.AnteriorMyocardialInfarction,
            imi = SyntheticEcgConditions.InferiorMyocardialInfarction, std = SyntheticEcgConditions.StDepression,
            twi = SyntheticEcgConditions.TWaveInversion, low = SyntheticEcgConditions.LowQrsVoltage, lqt = SyntheticEcgConditions.LongQt;
        return new Dictionary<string, string[]>
        {
            [af] = new[] { avb },
            [lbbb] = new[] { rbbb, lvh, ami, imi, std, twi, low, lqt },
            [rbbb] = new[] { lqt },
            [lvh] = new[] { low },
            [ami] = new[] { imi, std, twi },
            [imi] = new[] { std, twi },
            [std] = new[] { twi },
        };
    }
}
