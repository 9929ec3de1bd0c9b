namespace FgClep.Preprocessing;

/// <summary>
/// Zero-phase second-order Butterworth filters (forward–backward, so the magnitude response is squared and there is
/// no phase shift). Beyond each end the local linear trend is continued and the oscillation around it mirrored (plain odd
/// reflection would add a step for an oscillating signal, even reflection a kink in the drift), and the filter starts in
/// its steady state, so a record does not begin or end with a filter transient.
/// </summary>
internal readonly struct SignalFilter
{
    private readonly double _b0, _b1, _b2, _a1, _a2;

    private SignalFilter(double b0, double b1, double b2, double a1, double a2, int padding)
    {
        (_b0, _b1, _b2, _a1, _a2) = (b0, b1, b2, a1, a2);
        Padding = padding;
    }

    /// <summary>Edge extension used by <see cref="ApplyZeroPhase"/>, in samples.</summary>
    public int Padding { get; }

    public static SignalFilter HighPass(double cutoffHz, double samplingRate)
    {
        double k = Math.Tan(Math.PI * cutoffHz / samplingRate), norm = 1 / (1 + Math.Sqrt(2) * k + k * k);
        return new SignalFilter(norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - Math.Sqrt(2) * k + k * k) * norm,
            (int)Math.Ceiling(3 * samplingRate / cutoffHz));
    }

    public static SignalFilter LowPass(double cutoffHz, double samplingRate)
    {
        double k = Math.Tan(Math.PI * cutoffHz / samplingRate), norm = 1 / (1 + Math.Sqrt(2) * k + k * k);
        double b0 = k * k * norm;
        return new SignalFilter(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - Math.Sqrt(2) * k + k * k) * norm,
            (int)Math.Ceiling(3 * samplingRate / cutoffHz));
    }

    /// <summary>Filters <paramref name="signal"/> in place, forwards then backwards. <paramref name="work"/> is scratch space.</summary>
    public void ApplyZeroPhase(Span<float> signal, ref double[] work)
    {
        int n = signal.Length;
        if (n < 2) return;
        int pad = Math.Min(Padding, n - 1);
        int total = n + 2 * pad;
        if (work.Length < total) work = new double[total];
        var x = work.AsSpan(0, total);
        for (int i = 0; i < n; i++) x[pad + i] = signal[i];
        int fit = Math.Clamp(Padding / 3, 2, n);
        var (a0, b0) = LineFit(signal[..fit], 0);          // value and slope at the first sample
        var (a1, b1) = LineFit(signal[(n - fit)..], fit - 1); // at the last sample
        for (int k = 1; k <= pad; k++)
        {
            // The local trend continues; the oscillation around it is mirrored. Neither a step nor a kink in the trend.
            x[pad - k] = a0 - b0 * k + (signal[k] - (a0 + b0 * k));
            x[pad + n - 1 + k] = a1 + b1 * k + (signal[n - 1 - k] - (a1 - b1 * k));
        }

        Run(x, forward: true);
        Run(x, forward: false);
        for (int i = 0; i < n; i++) signal[i] = (float)x[pad + i];
    }

    /// <summary>Least-squares line through <paramref name="y"/>: its value at index <paramref name="at"/> and its slope.</summary>
    private static (double Value, double Slope) LineFit(ReadOnlySpan<float> y, int at)
    {
        int m = y.Length;
        double meanX = (m - 1) / 2.0, meanY = 0;
        foreach (var v in y) meanY += v;
        meanY /= m;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < m; i++) { sxy += (i - meanX) * (y[i] - meanY); sxx += (i - meanX) * (i - meanX); }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return (meanY + slope * (at - meanX), slope);
    }

    private void Run(Span<double> x, bool forward)
    {
        int n = x.Length, step = forward ? 1 : -1, i = forward ? 0 : n - 1;
        double u = x[i];
        double dc = (_b0 + _b1 + _b2) / (1 + _a1 + _a2);
        double steady = dc * u;
        double z1 = steady - _b0 * u, z2 = _b2 * u - _a2 * steady; // steady state for a constant input u
        for (int c = 0; c < n; c++, i += step)
        {
            double input = x[i];
            double y = _b0 * input + z1;
            z1 = _b1 * input - _a1 * y + z2;
            z2 = _b2 * input - _a2 * y;
            x[i] = y;
        }
    }
}
