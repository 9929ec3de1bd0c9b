using System.Globalization;
using System.Text.Json;
using FgClep.MLNet;
using FgClep.Modeling;
using FgClep.Modeling.Serialization;
using FgClep.Training;

namespace FgClep.Cli.Infrastructure;

/// <summary>
/// Checks a checkpoint before 'fgclep pretrain' resumes from it (and before it writes anything): the file is whole and
/// readable, it was made with the same architecture and optimisation settings, and <c>--stop-after-steps</c> lies beyond it.
/// </summary>
internal static class ResumeCheck
{
    public const string Advice = "Add --restart to start this run again from scratch, or use another --out folder";

    public static void Check(string checkpoint, FgClepPretrainOptions options, FgClepTransformer? initial, int? stopAfterSteps)
    {
        ClepCheckpoint.Header header;
        try
        {
            header = ClepCheckpoint.ReadHeader(checkpoint);
        }
        catch (InvalidDataException e)
        {
            throw new CliUsageException(e.Message, Advice);
        }

        var inv = CultureInfo.InvariantCulture;
        var expected = initial?.Model.Network.Options ?? options.Model;
        var changed = new List<string>();
        // The input channels and the text side follow the data (leads, vocabulary); the rest is the user's choice.
        string Ecg(ClepModelOptions o) => JsonSerializer.Serialize(o.Ecg with { InputChannels = 0 }, ModelJson.Options);
        if (Ecg(header.ModelOptions) != Ecg(expected)) changed.Add("the ECG encoder's architecture (--preset, --ecg-width)");
        if (header.ModelOptions.ProjectionSize != expected.ProjectionSize)
            changed.Add(string.Create(inv, $"projection size {header.ModelOptions.ProjectionSize} → {expected.ProjectionSize}"));
        var (was, now) = (header.TrainerOptions, options.Training);
        void Compare<T>(string name, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after)) changed.Add(string.Create(inv, $"{name} {before} → {after}"));
        }
        Compare("epochs", was.Epochs, now.Epochs);
        Compare("batch-size", was.BatchSize, now.BatchSize);
        Compare("lr", was.LearningRate, now.LearningRate);
        Compare("fnm-weight", was.FalseNegativeMitigationWeight, now.FalseNegativeMitigationWeight);
        Compare("loss", was.Loss, now.Loss);
        Compare("text-encoder-lr", was.TextEncoderLearningRate, now.TextEncoderLearningRate);
        Compare("sentence-sampling", was.SentenceSamplingShare, now.SentenceSamplingShare);
        Compare("seed", was.Seed, now.Seed);
        int layers = header.ModelOptions.Text.NumHiddenLayers;
        Compare("text-training", was.ResolveTextEncoderTraining(layers), now.ResolveTextEncoderTraining(layers));
        if (changed.Count > 0)
            throw new CliUsageException($"checkpoint '{checkpoint}' is of a run with other settings ({string.Join(", ", changed)})", Advice);

        if (stopAfterSteps is { } stop && stop <= header.Step && header.Step < (header.TotalSteps ?? int.MaxValue))
            throw new CliUsageException(string.Create(inv, $"--stop-after-steps {stop} is not after step {header.Step}, where checkpoint '{checkpoint}' already is"),
                string.Create(inv, $"Give a number above {header.Step}, leave --stop-after-steps out to finish the run, or add --restart to start again"));
    }
}
