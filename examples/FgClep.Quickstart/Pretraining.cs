using System.Diagnostics;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.MLNet;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Quickstart;

/// <summary>
/// Pre-training through the ML.NET estimator: the stage-1 options (CLEP on the synthetic (ECG, report) pairs), the data
/// view, and the run shared by stage 1 and stage 2 (FG-CLEP on the fine-grained reports).
/// </summary>
internal static class Pretraining
{
    public static FgClepPretrainOptions Stage1Options(QuickstartArguments arguments, EcgPreprocessorOptions preprocessing, string? sharedFolder, TextWriter log)
    {
        var pretrained = PretrainedTextEncoder.Find(arguments.TextEncoder);
        string? vocabulary = sharedFolder is null ? null : Path.Combine(sharedFolder, "models", "bert-base-uncased", "vocab.txt");
        if (vocabulary is not null && !File.Exists(vocabulary)) vocabulary = null;
        if (pretrained is not null)
            log.WriteLine($"Text: pretrained {pretrained.UpstreamModel} (from the NuGet package {pretrained.PackageId}), {pretrained.Pooling} pooling, " +
                          $"tower {arguments.TextTraining}" +
                          (arguments.TextEncoderLearningRate is { } rate ? $" (its layers at peak rate {rate:G3})" : "") +
                          $", {arguments.SentenceSampling:P0} of the pairs trained on one report sentence.");
        else
            log.WriteLine(vocabulary is null
                ? "Text: RANDOMLY initialised 2-layer BERT over a word vocabulary built from the training reports (no shared vocab.txt found)."
                : $"Text: RANDOMLY initialised 2-layer BERT over the WordPiece vocabulary {vocabulary} (uncased).");
        var preset = FgClepPretrainPresets.SmallCpu(arguments.Epochs, arguments.Seed, vocabulary, preprocessing, arguments.EcgWidth, arguments.LearningRate, pretrained, arguments.TextTraining);
        return preset with
        {
            Training = preset.Training with
            {
                Loss = arguments.Loss,
                FalseNegativeMitigationWeight = arguments.FnmWeight,
                SentenceSamplingShare = arguments.SentenceSampling,
                TextEncoderLearningRate = arguments.TextEncoderLearningRate,
                EcgPrecision = arguments.EcgPrecision,
                CheckpointDirectory = arguments.OutputDirectory is null ? null : Path.Combine(arguments.OutputDirectory, "checkpoints", "stage1"),
            },
        };
    }

    /// <summary>Signal, Report, RecordId, Split and a Labels vector over the synthetic conditions (slot names = condition names).</summary>
    public static IDataView ToDataView(MLContext ml, IReadOnlyList<PreprocessedEcg> records, int signalLength) =>
        ml.Data.LoadPreprocessedEcg(records, signalLength, SyntheticEcgGenerator.Conditions);

    public static (FgClepTransformer Model, double Seconds) Run(MLContext ml, IDataView train, FgClepPretrainOptions options, TextWriter log)
    {
        var progress = new ConsoleTrainingProgress(log);
        var clock = Stopwatch.StartNew();
        var model = ml.Transforms.PretrainFgClep(options with { Progress = progress }).Fit(train);
        progress.Finish();
        return (model, clock.Elapsed.TotalSeconds);
    }

}
