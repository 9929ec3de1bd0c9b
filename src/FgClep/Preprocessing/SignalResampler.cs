namespace FgClep.Preprocessing;

/// <summary>
/// Rational polyphase resampler with a Kaiser-windowed sinc anti-aliasing (and anti-imaging) filter.
/// The output rate is <c>L/M</c> times the input rate; the pass band reaches 35 % and the stop band (≥ 60 dB)
/// starts at 45 % of the lower of the two rates, so content that would alias, or sit near the new Nyquist
/// frequency, is removed. The signal is mirrored beyond its ends. Thread-safe once built.
/// </summary>
internal sealed class SignalResampler
{
    private const double StopbandDb = 60;
    private const int MaxPhases = 2000;
    private readonly float[] _taps; // phase-major: _taps[p * _width + j]
    private readonly int _width, _half;

    public SignalResampler(double inputRate, double outputRate)
    {
        InputRate = inputRate;
        OutputRate = outputRate;
        (Up, Down) = Rational(outputRate / inputRate);
        double low = Math.Min(inputRate, outputRate);
        double cutoff = 0.4 * low, transition = 0.1 * low;
        double halfSeconds = (StopbandDb - 8) / (2.285 * 2 * Math.PI * transition) / 2;
        _half = Math.Max(2, (int)Math.Ceiling(halfSeconds * inputRate));
        _width = 2 * _half;
        double beta = 0.1102 * (StopbandDb - 8.7);
        double i0Beta = BesselI0(beta);
        _taps = new float[Up * _width];
        var phase = new double[_width];
        for (int p = 0; p < Up; p++)
        {
            double frac = (double)p / Up, sum = 0;
            for (int j = 0; j < _width; j++)
            {
                double distance = frac + _half - 1 - j;            // input samples between output time and tap
                double x = distance / (_half + 1);                   // window position in (−1, 1)
                double window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) / i0Beta;
                double arg = 2 * cutoff * distance / inputRate;
                phase[j] = window * (arg == 0 ? 1 : Math.Sin(Math.PI * arg) / (Math.PI * arg));
                sum += phase[j];
            }
            for (int j = 0; j < _width; j++) _taps[p * _width + j] = (float)(phase[j] / sum); // unit gain at DC
        }
    }

    public double InputRate { get; }

    public double OutputRate { get; }

    /// <summary>Interpolation factor L.</summary>
    public int Up { get; }

    /// <summary>Decimation factor M.</summary>
    public int Down { get; }

    public int OutputLength(int inputLength) => inputLength == 0 ? 0 : (int)((long)(inputLength - 1) * Up / Down) + 1;

    public void Resample(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = input.Length;
        if (output.Length != OutputLength(n)) throw new ArgumentException($"Output needs {OutputLength(n)} samples, got {output.Length}.", nameof(output));
        for (int o = 0; o < output.Length; o++)
        {
            long position = (long)o * Down;
            int k0 = (int)(position / Up), p = (int)(position % Up);
            var taps = _taps.AsSpan(p * _width, _width);
            int first = k0 - _half + 1;
            double acc = 0;
            if (first >= 0 && first + _width <= n)
            {
                var window = input.Slice(first, _width);
                for (int j = 0; j < _width; j++) acc += taps[j] * window[j];
            }
            else
            {
                for (int j = 0; j < _width; j++) acc += taps[j] * input[Mirror(first + j, n)];
            }
            output[o] = (float)acc;
        }
    }

    /// <summary>Index reflected at the ends (…, x1, x0, x1, …), so an oscillation runs on instead of stopping in a step.</summary>
    private static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }

    /// <summary>Best fraction L/M for the rate ratio (continued fractions, L ≤ 2000).</summary>
    internal static (int Up, int Down) Rational(double ratio)
    {
        (long h0, long h1, long k0, long k1) = (0, 1, 1, 0);
        double x = ratio;
        (int, int) best = (Math.Max(1, (int)Math.Round(ratio)), 1);
        for (int i = 0; i < 40; i++)
        {
            long a = (long)Math.Floor(x);
            (h0, h1) = (h1, a * h1 + h0);
            (k0, k1) = (k1, a * k1 + k0);
            if (h1 > MaxPhases || k1 > int.MaxValue / 4) break;
            if (h1 > 0) best = ((int)h1, (int)k1);
            if (Math.Abs((double)h1 / k1 - ratio) <= 1e-9 * ratio) break;
            double rest = x - a;
            if (rest < 1e-12) break;
            x = 1 / rest;
        }
        return best;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 50; k++)
        {
            term *= half / k * (half / k);
            sum += term;
            if (term < 1e-12 * sum) break;
        }
        return sum;
    }
}
