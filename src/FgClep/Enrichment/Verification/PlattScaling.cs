namespace FgClep.Enrichment.Verification;

/// <summary>P = σ(<see cref="Slope"/>·x + <see cref="Intercept"/>): a one-input logistic regression (Platt scaling).</summary>
internal readonly record struct PlattScaling(double Slope, double Intercept)
{
    /// <summary>Weight of the L2 penalty on the slope: keeps a feature whose classes separate perfectly from an infinite slope.</summary>
    public const double SlopePenalty = 1e-3;

    public double Probability(double x) => Sigmoid(Slope * x + Intercept);

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>
    /// Maximum-likelihood fit by Newton's method (the log-likelihood is concave, so it converges from zero), with
    /// <see cref="SlopePenalty"/>·a²/2 on the slope. Null when a value is not finite or the labels are all equal.
    /// </summary>
    public static PlattScaling? Fit(IReadOnlyList<double> x, IReadOnlyList<bool> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"Expected one label per value; got {y.Count} labels for {x.Count} values.", nameof(y));
        if (x.Any(v => !double.IsFinite(v)) || y.All(v => v) || y.All(v => !v)) return null;
        double a = 0, c = 0;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double ga = SlopePenalty * a, gc = 0, haa = SlopePenalty, hac = 0, hcc = 0;
            for (int i = 0; i < x.Count; i++)
            {
                double p = Sigmoid(a * x[i] + c), g = p - (y[i] ? 1 : 0), w = Math.Max(p * (1 - p), 1e-12);
                ga += g * x[i]; gc += g;
                haa += w * x[i] * x[i]; hac += w * x[i]; hcc += w;
            }
            double det = haa * hcc - hac * hac;
            if (!(det > 0)) break;
            double da = (hcc * ga - hac * gc) / det, dc = (haa * gc - hac * ga) / det;
            a -= da; c -= dc;
            if (Math.Abs(da) + Math.Abs(dc) < 1e-10) break;
        }
        return double.IsFinite(a) && double.IsFinite(c) ? new PlattScaling(a, c) : null;
    }
}
