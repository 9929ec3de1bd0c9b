using System.Collections.Concurrent;
using FgClep.IO;

namespace FgClep.Preprocessing;

/// <summary>
/// Turns any <see cref="EcgRecord"/> into the fixed-size, lead-ordered, normalised model input.
/// One instance is shared by training, enrichment and inference; it is thread-safe.
/// </summary>
/// <remarks>
/// Steps, in order: (1) reorder leads by name into <see cref="EcgPreprocessorOptions.Leads"/> (missing leads are
/// zeros); (2) convert µV or V to mV when <see cref="EcgRecord.Units"/> says so; (3) replace NaN/±∞ by linear
/// interpolation (a lead with no finite sample becomes zeros); (4) resample to
/// <see cref="EcgPreprocessorOptions.SamplingRate"/> with an anti-aliasing polyphase filter; (5) zero-phase
/// high-pass (baseline wander) and low-pass filtering; (6) crop to <see cref="EcgPreprocessorOptions.SampleCount"/>;
/// (7) normalise each lead; (8) zero-pad at the end. The output never contains NaN or ∞; all-zero, empty and
/// flat leads stay zero.
/// </remarks>
public sealed class EcgPreprocessor
{
    private readonly ConcurrentDictionary<double, SignalResampler> _resamplers = new();
    private readonly SignalFilter? _highPass, _lowPass;

    /// <summary>Creates a preprocessor with the given settings (defaults when null).</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and the value found.</exception>
    public EcgPreprocessor(EcgPreprocessorOptions? options = null)
    {
        Options = options ?? new EcgPreprocessorOptions();
        Validate(Options);
        double rate = Options.SamplingRate, nyquist = rate / 2;
        if (Options.HighPassHz is { } hp) _highPass = SignalFilter.HighPass(hp, rate);
        if (Options.LowPassHz is { } lp && lp < nyquist) _lowPass = SignalFilter.LowPass(lp, rate);
    }

    /// <summary>The settings.</summary>
    public EcgPreprocessorOptions Options { get; }

    /// <summary>Length of the output vector: leads × samples.</summary>
    public int OutputLength => Options.Leads.Count * Options.SampleCount;

    /// <summary>Preprocesses one record into a lead-major vector of <see cref="OutputLength"/> floats.</summary>
    /// <exception cref="ArgumentException">The record has a lead name that is not recognised (unless
    /// <see cref="EcgPreprocessorOptions.IgnoreUnknownLeads"/>), or two leads with the same name.</exception>
    public float[] Process(EcgRecord record) => Process(record, out _);

    /// <summary>Preprocesses one record and reports what had to be repaired or changed.</summary>
    /// <inheritdoc cref="Process(EcgRecord)"/>
    public float[] Process(EcgRecord record, out EcgPreprocessorStats stats)
    {
        ArgumentNullException.ThrowIfNull(record);
        var layout = LeadLayout.Create(record.LeadNames, Options.Leads, Options.IgnoreUnknownLeads);
        int inputLength = record.SampleCount, count = Options.SampleCount;
        var source = layout.Apply(record.Signal, inputLength);
        float unitScale = UnitScale(record.Units);
        var resampler = Math.Abs(record.SamplingRate - Options.SamplingRate) < 1e-9 * Options.SamplingRate
            ? null
            : _resamplers.GetOrAdd(record.SamplingRate, r => new SignalResampler(r, Options.SamplingRate));
        int length = resampler?.OutputLength(inputLength) ?? inputLength;
        int kept = Math.Min(length, count);
        int offset = length > count && Options.Crop == EcgPreprocessorCropMode.Center ? (length - count) / 2 : 0;

        var output = new float[OutputLength];
        var lead = new float[length];
        var work = Array.Empty<double>();
        int repaired = 0;
        List<string> empty = new(), flat = new();
        for (int t = 0; t < layout.TargetLeads.Count; t++)
        {
            if (!layout.LeadMask[t]) continue;
            var raw = source.AsSpan(t * inputLength, inputLength);
            repaired += SignalRepair.Repair(raw, out bool isEmpty);
            if (isEmpty) { empty.Add(layout.TargetLeads[t]); continue; }
            if (unitScale != 1) foreach (ref var v in raw) v *= unitScale;

            if (resampler is null) raw.CopyTo(lead);
            else resampler.Resample(raw, lead);
            _highPass?.ApplyZeroPhase(lead, ref work);
            _lowPass?.ApplyZeroPhase(lead, ref work);

            var target = output.AsSpan(t * count, kept);
            lead.AsSpan(offset, kept).CopyTo(target);
            if (!Normalize(target, Options.Normalization)) flat.Add(layout.TargetLeads[t]);
        }

        stats = new EcgPreprocessorStats
        {
            RepairedSamples = repaired,
            EmptyLeads = empty,
            MissingLeads = layout.TargetLeads.Where((_, i) => !layout.LeadMask[i]).ToArray(),
            IgnoredLeads = layout.IgnoredSourceLeads,
            FlatLeads = flat,
            ResampledLength = length,
            CroppedSamples = length - kept,
            PaddedSamples = count - kept,
        };
        return output;
    }

    /// <summary>Normalises in place; returns false (and zeroes the lead) when it is flat.</summary>
    private static bool Normalize(Span<float> lead, EcgPreprocessorNormalization mode)
    {
        if (lead.IsEmpty) return true;
        double sum = 0, sumSquares = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var v in lead)
        {
            sum += v;
            sumSquares += (double)v * v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double mean = sum / lead.Length;
        double sd = Math.Sqrt(Math.Max(0, sumSquares / lead.Length - mean * mean));
        // Amplitudes below a nanovolt are numerical residue of filtering a constant, not signal.
        bool isFlat = max - min < 1e-6 || !double.IsFinite(sd);
        if (isFlat && mode != EcgPreprocessorNormalization.None)
        {
            lead.Clear();
            return false;
        }
        switch (mode)
        {
            case EcgPreprocessorNormalization.ZScore:
                for (int i = 0; i < lead.Length; i++) lead[i] = (float)((lead[i] - mean) / sd);
                break;
            case EcgPreprocessorNormalization.MinMax:
                for (int i = 0; i < lead.Length; i++) lead[i] = (float)(2 * (lead[i] - min) / (max - min) - 1);
                break;
        }
        return !isFlat;
    }

    private static float UnitScale(string units) => units.Trim().ToLowerInvariant() switch
    {
        "uv" or "µv" or "μv" or "microvolt" or "microvolts" => 0.001f,
        "v" or "volt" or "volts" => 1000f,
        _ => 1f, // mV, empty or unknown: taken as mV
    };

    private static void Validate(EcgPreprocessorOptions o)
    {
        if (!(o.SamplingRate > 0) || double.IsInfinity(o.SamplingRate))
            throw new ArgumentException($"SamplingRate must be a positive finite number of Hz, found {o.SamplingRate}.", "options");
        if (o.SampleCount <= 0) throw new ArgumentException($"SampleCount must be positive, found {o.SampleCount}.", "options");
        if (o.Leads is null || o.Leads.Count == 0) throw new ArgumentException("Leads must name at least one lead.", "options");
        if (o.HighPassHz is { } hp && (!(hp > 0) || hp >= o.SamplingRate / 2))
            throw new ArgumentException($"HighPassHz must be above 0 and below half the sampling rate ({o.SamplingRate / 2} Hz), or null; found {hp}.", "options");
        if (o.LowPassHz is { } lp && (!(lp > 0) || double.IsInfinity(lp)))
            throw new ArgumentException($"LowPassHz must be a positive number of Hz or null, found {lp}.", "options");
        if (o.HighPassHz is { } h && o.LowPassHz is { } l && l <= h)
            throw new ArgumentException($"LowPassHz ({l}) must be above HighPassHz ({h}).", "options");
        if ((long)o.Leads.Count * o.SampleCount > Array.MaxLength)
            throw new ArgumentException($"Leads × SampleCount ({o.Leads.Count} × {o.SampleCount}) is too large.", "options");
    }
}
