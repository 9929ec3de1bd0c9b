using FgClep.Datasets;
using FgClep.Preprocessing;

namespace FgClep.Quickstart;

/// <summary>Prints what the encoder receives: the preprocessing settings and one preprocessed record.</summary>
internal static class ModelInput
{
    public static void Describe(TextWriter output, EcgPreprocessor preprocessor, PreprocessedEcg example)
    {
        var o = preprocessor.Options;
        int samples = o.SampleCount;
        output.WriteLine();
        output.WriteLine($"Model input: {o.Leads.Count} leads × {samples} samples = {preprocessor.OutputLength} floats per record " +
                         $"({o.SamplingRate} Hz, band {o.HighPassHz?.ToString() ?? "DC"}–{o.LowPassHz?.ToString() ?? "Nyquist"} Hz, {o.Normalization} per lead)");
        output.WriteLine($"Example {example.RecordId} [{example.Split}]");
        output.WriteLine($"  report:   {example.Report}");
        output.WriteLine($"  labels:   {string.Join(", ", example.Labels)}");
        output.WriteLine($"  features: {string.Join(", ", example.WaveformFeatures)}");
        output.WriteLine($"  {"lead",-4}  {"min",6}  {"max",6}  first samples");
        for (int lead = 0; lead < o.Leads.Count; lead++)
        {
            var values = example.Input.AsSpan(lead * samples, samples);
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
            var head = string.Join(" ", values[..8].ToArray().Select(v => (v >= 0 ? "+" : "") + v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
            output.WriteLine($"  {o.Leads[lead],-4}  {min,6:F2}  {max,6:F2}  {head} …");
        }
    }
}
