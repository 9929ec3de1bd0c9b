using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FgClep.IO.Wfdb;

/// <summary>
/// Writes WFDB records in format 16: a header (<c>.hea</c>) with correct initial values and checksums, and one
/// <c>.dat</c> file of interleaved little-endian 16-bit samples.
/// </summary>
public static class WfdbWriter
{
    private const int InvalidSample = short.MinValue;

    /// <summary>
    /// Writes <paramref name="record"/> at <paramref name="recordPath"/> (path without extension; its file name is the record name).
    /// Samples are rounded to <c>value × gain + baseline</c>; NaN becomes the invalid-sample marker -32768.
    /// Labels are written as a <c>#Dx:</c> comment and metadata as <c>#key: value</c> comments.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A sample does not fit in 16 bits at the chosen gain.</exception>
    public static void Write(string recordPath, EcgRecord record, WfdbWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= new WfdbWriteOptions();
        if (!double.IsFinite(options.Gain) || options.Gain == 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Gain, "Gain must be a finite non-zero number.");
        var adc = new short[record.Signal.Length];
        int n = record.SampleCount;
        for (int i = 0; i < adc.Length; i++)
        {
            float value = record.Signal[i];
            if (float.IsNaN(value)) { adc[i] = InvalidSample; continue; }
            double scaled = Math.Round(value * options.Gain + options.Baseline, MidpointRounding.AwayFromZero);
            if (!(scaled > short.MinValue && scaled <= short.MaxValue))
                throw new ArgumentOutOfRangeException(nameof(record), value,
                    $"Lead '{record.LeadNames[i / n]}' sample {i % n} = {value} {record.Units} does not fit in format 16 at gain {options.Gain}; use a smaller gain.");
            adc[i] = (short)scaled;
        }
        var comments = new List<string>();
        if (record.Labels.Count > 0) comments.Add("Dx: " + string.Join(",", record.Labels));
        foreach (var (key, value) in record.Metadata)
            if (key is not ("comments" or "base_time" or "base_date" or "dx")) comments.Add($"{key}: {value}");
        comments.AddRange(options.Comments);
        WriteAdc(recordPath, adc, record.LeadNames, record.SamplingRate,
            new WfdbWriteOptions { Gain = options.Gain, Baseline = options.Baseline, Units = options.Units ?? record.Units, Comments = comments });
    }

    /// <summary>Writes raw 16-bit ADC samples (lead-major: lead <c>l</c>, sample <c>s</c> at <c>[l × samples + s]</c>) as a format-16 record.</summary>
    /// <param name="recordPath">Path without extension; its file name is the record name and must not contain spaces.</param>
    /// <param name="adcLeadMajor">Samples, lead-major; -32768 marks an invalid sample.</param>
    /// <param name="leadNames">One description per signal.</param>
    /// <param name="samplingRate">Samples per second per lead.</param>
    /// <param name="options">Gain, baseline, units and comments.</param>
    public static void WriteAdc(string recordPath, ReadOnlySpan<short> adcLeadMajor, IReadOnlyList<string> leadNames, double samplingRate,
        WfdbWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recordPath);
        ArgumentNullException.ThrowIfNull(leadNames);
        options ??= new WfdbWriteOptions();
        var name = Path.GetFileName(recordPath);
        if (name.Length == 0 || name.Any(char.IsWhiteSpace) || name.Contains('/'))
            throw new ArgumentException($"Record name '{name}' must be non-empty and contain no spaces.", nameof(recordPath));
        int k = leadNames.Count;
        if (k == 0 || adcLeadMajor.Length % k != 0)
            throw new ArgumentException($"{adcLeadMajor.Length} samples do not divide into {k} leads.", nameof(adcLeadMajor));
        if (!(samplingRate > 0) || !double.IsFinite(samplingRate))
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "Sampling rate must be a positive finite number.");
        int n = adcLeadMajor.Length / k;

        var dat = new byte[adcLeadMajor.Length * 2];
        for (int l = 0; l < k; l++)
            for (int t = 0; t < n; t++)
                BinaryPrimitives.WriteInt16LittleEndian(dat.AsSpan(2 * (t * k + l)), adcLeadMajor[l * n + t]);

        var inv = CultureInfo.InvariantCulture;
        var units = Clean(options.Units ?? "mV").Replace(' ', '_');
        var header = new StringBuilder();
        header.Append(inv, $"{name} {k} {samplingRate.ToString("R", inv)} {n}\n");
        for (int l = 0; l < k; l++)
        {
            var lead = adcLeadMajor.Slice(l * n, n);
            int checksum = 0;
            foreach (var v in lead) checksum += v;
            int initial = n > 0 ? lead[0] : 0;
            header.Append(inv,
                $"{name}.dat 16 {options.Gain.ToString("R", inv)}({options.Baseline})/{units} 16 0 {initial} {(short)checksum} 0 {Clean(leadNames[l])}\n");
        }
        foreach (var comment in options.Comments) header.Append('#').Append(Clean(comment)).Append('\n');

        File.WriteAllBytes(recordPath + ".dat", dat);
        File.WriteAllText(recordPath + ".hea", header.ToString(), new UTF8Encoding(false));
    }

    private static string Clean(string text) => text.Replace('\r', ' ').Replace('\n', ' ').Trim();
}
