using FgClep.Datasets;
using FgClep.Inference;
using FgClep.Plots;
using F = FgClep.Datasets.Synthetic.SyntheticWaveformFeatures;

namespace FgClep.Quickstart;

/// <summary>
/// The paper's figure 5: t-SNE of the test ECG embeddings of CLEP and of FG-CLEP, each point coloured by a waveform feature
/// the record truly shows (the generator's ground truth), so one can see whether fine-grained training groups ECGs by
/// their waveforms.
/// </summary>
internal static class FeatureTsneFigures
{
    // A record is coloured by the first of these it shows: distinct waveform findings, most specific first.
    private static readonly string[] Features =
        { F.AbsentPWaves, F.WideQrs, F.AnteriorStElevation, F.InferiorStElevation, F.LateralStDepression, F.InferiorStDepression, F.LateralTInversion, F.LeftAxis };

    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<PreprocessedEcg> test, params (string Name, ClepEncoder Model)[] models)
    {
        var labels = test.Select(r => Features.FirstOrDefault(r.WaveformFeatures.Contains) ?? "none of these").ToList();
        var written = new List<string>();
        foreach (var (name, model) in models)
        {
            var embeddings = model.EmbedSignals(test.Select(r => r.Input).ToList());
            using var figure = EcgPlots.TsneScatter(embeddings, labels, title: $"{name}: t-SNE of test ECG embeddings by waveform feature");
            string stem = Path.Combine(directory, $"tsne-features-{name.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}");
            figure.SavePng(stem + ".png");
            figure.SaveSvg(stem + ".svg");
            written.Add(stem + ".png");
        }
        return written;
    }
}
