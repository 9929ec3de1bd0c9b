using FgClep.Datasets;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.MLNet;
using FgClep.Modeling.Losses;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using FgClep.Training;
using Microsoft.ML;

namespace FgClep.PtbXlBenchmark;

/// <summary>
/// Trains the benchmark's model variants with the small CPU preset and keeps their loss curves. <paramref name="textEncoder"/>
/// is the pretrained text encoder of every model unless a call names another (null: a randomly initialised BERT over
/// <paramref name="vocabulary"/>). <paramref name="sentenceSampling"/> overrides the preset's sentence-sampling share;
/// <paramref name="textTraining"/> and <paramref name="textEncoderLearningRate"/> say how pretrained towers train (null: frozen).
/// </summary>
internal sealed class ModelTrainer(MLContext ml, string? vocabulary, EcgPreprocessorOptions preprocessing, int seed, TextWriter log,
    PretrainedTextEncoder? textEncoder, double? sentenceSampling = null, TextEncoderTraining? textTraining = null,
    double? textEncoderLearningRate = null)
{
    public Dictionary<string, List<TrainingProgress>> Curves { get; } = new();

    public FgClepTransformer Train(string name, IReadOnlyList<(float[] Signal, string Report)> pairs, int epochs,
        ClepLossKind loss = ClepLossKind.SigmoidWithFalseNegativeMitigation) => Train(name, pairs, epochs, textEncoder, loss);

    public FgClepTransformer Train(string name, IReadOnlyList<(float[] Signal, string Report)> pairs, int epochs,
        PretrainedTextEncoder? text, ClepLossKind loss = ClepLossKind.SigmoidWithFalseNegativeMitigation)
    {
        var preset = FgClepPretrainPresets.SmallCpu(epochs, seed, vocabulary, preprocessing, textEncoder: text,
            textEncoderTraining: text is null ? null : textTraining);
        var options = preset with { Training = TextSide(preset, text) with { Loss = loss } };
        return Fit(name, PairsView(pairs), options, pairs.Count, epochs);
    }

    /// <summary>
    /// Stage 2: knowledge-base proposals verified by <paramref name="clep"/> (top 3 per ECG), then more epochs on the
    /// fine-grained reports. With <paramref name="calibrated"/>, P is calibrated per feature on the findings these pairs' reports state and a
    /// feature must also reach P &gt; 0.5.
    /// </summary>
    public (FgClepTransformer Model, EnrichmentStatistics Statistics) TrainFineGrained(string name, FgClepTransformer clep,
        IReadOnlyList<(float[] Signal, string Report)> pairs, int epochs, bool calibrated = false)
    {
        var view = PairsView(pairs);
        // No ground-truth features exist for PTB-XL to tune a threshold on, so keep the 3 proposals the model finds most likely per ECG.
        var enrichment = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default,
            new WaveformEnrichmentOptions { Threshold = calibrated ? 0.5 : 0, TopK = 3, FitCalibration = calibrated }).Fit(view);
        log.WriteLine($"  enrichment: {enrichment.Statistics}");
        // Stage 2 starts from a saved model, so the estimator would fine-tune by default; a pretrained tower keeps stage 1's setting.
        var preset = FgClepPretrainPresets.SmallCpu(epochs, seed, vocabulary, preprocessing, textEncoder: textEncoder,
            textEncoderTraining: textEncoder is null ? null : textTraining ?? TextEncoderTraining.Frozen);
        var options = preset with { InitialModel = clep, ReportColumnName = "FineGrainedReport", Training = TextSide(preset, textEncoder) };
        return (Fit(name, enrichment.Transform(view), options, pairs.Count, epochs), enrichment.Statistics);
    }


    /// <summary>The preset's training settings with this run's sentence sampling and, for a pretrained tower, its text-encoder rate.</summary>
    private ClepTrainerOptions TextSide(FgClepPretrainOptions preset, PretrainedTextEncoder? text) => preset.Training with
    {
        SentenceSamplingShare = sentenceSampling ?? preset.Training.SentenceSamplingShare,
        TextEncoderLearningRate = text is null ? null : textEncoderLearningRate,
    };

    private int SignalLength => preprocessing.Leads.Count * preprocessing.SampleCount;

    private FgClepTransformer Fit(string name, IDataView view, FgClepPretrainOptions options, int count, int epochs)
    {
        var curve = new List<TrainingProgress>();
        Curves[name] = curve;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int lastEpoch = -1;
        var progress = new Progress(p =>
        {
            curve.Add(p);
            if (p.Epoch == lastEpoch && p.Step != p.TotalSteps) return;
            lastEpoch = p.Epoch;
            log.WriteLine($"  {name}: epoch {p.Epoch + 1}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} ({p.EcgsPerSecond:F0} ECG/s)");
        });
        var model = ml.Transforms.PretrainFgClep(options with { Progress = progress }).Fit(view);
        log.WriteLine($"  {name}: trained on {count} pairs for {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s");
        return model;
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>(Signal, Report) pairs as the loaders' data view, for the estimators.</summary>
    private IDataView PairsView(IReadOnlyList<(float[] Signal, string Report)> pairs) =>
        ml.Data.LoadPreprocessedEcg(pairs.Select((p, i) => new PreprocessedEcg(
            i.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Signal, p.Report, Array.Empty<string>(), "")).ToList(), SignalLength);
}
