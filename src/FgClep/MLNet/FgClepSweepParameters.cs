using FgClep.Modeling.Losses;
using FgClep.Training;

namespace FgClep.MLNet;

/// <summary>
/// The hyper-parameters worth searching, as flat, settable, nullable properties with their ranges, for search tools: ML.NET
/// AutoML (<c>parameter.AsType&lt;FgClepSweepParameters&gt;()</c> reads a sampled point, since the names match), a grid of
/// your own, or a configuration file. <see cref="ApplyTo(FgClepPretrainOptions)"/> and
/// <see cref="ApplyTo(WaveformEnrichmentOptions)"/> write the values that are set onto full options; a null property keeps
/// the options' value. Values are checked there, each error naming the property, the value and the range.
/// </summary>
/// <remarks>The ranges given as "search" are sensible search intervals; the checks accept the wider valid range.</remarks>
public sealed class FgClepSweepParameters
{
    /// <summary>Peak AdamW learning rate (<see cref="ClepTrainerOptions.LearningRate"/>), &gt; 0. Search 1e-5 to 1e-3, log scale.</summary>
    public double? LearningRate { get; set; }

    /// <summary>Passes over the data (<see cref="ClepTrainerOptions.Epochs"/>), ≥ 1. Search 2 to 20.</summary>
    public int? Epochs { get; set; }

    /// <summary>Pairs per batch (<see cref="ClepTrainerOptions.BatchSize"/>), ≥ 2. Search 32 to 256.</summary>
    public int? BatchSize { get; set; }

    /// <summary>AdamW weight decay (<see cref="ClepTrainerOptions.WeightDecay"/>), ≥ 0. Search 1e-5 to 1e-2, log scale.</summary>
    public double? WeightDecay { get; set; }

    /// <summary>The objective by name (<see cref="ClepLoss.Names"/>): <c>sigmoid-fnm</c>, <c>sigmoid</c> or <c>infonce</c>.</summary>
    public string? Loss { get; set; }

    /// <summary>λ of the false-negative-mitigation term (<see cref="ClepTrainerOptions.FalseNegativeMitigationWeight"/>), ≥ 0. Search 0.01 to 1, log scale.</summary>
    public double? FalseNegativeMitigationWeight { get; set; }

    /// <summary>How the text tower trains (<see cref="ClepTrainerOptions.TextEncoderTraining"/>): <c>frozen</c>, <c>finetune</c> or <c>top:N</c>.</summary>
    public string? TextEncoderTraining { get; set; }

    /// <summary>Share of pairs trained on one sentence (<see cref="ClepTrainerOptions.SentenceSamplingShare"/>), 0 to 1.</summary>
    public double? SentenceSamplingShare { get; set; }

    /// <summary>
    /// Base width of the ECG ResNet (<see cref="FgClep.Modeling.Ecg.ResNet1dOptions.BaseWidth"/>; channels double at each
    /// stage), ≥ 1. Search 16 to 64. A new model's only: stage 2 keeps its <see cref="FgClepPretrainOptions.InitialModel"/>'s network.
    /// </summary>
    public int? EcgWidth { get; set; }

    /// <summary>Verification threshold of the enrichment step (<see cref="WaveformEnrichmentOptions.Threshold"/>), 0 to 1.</summary>
    public double? EnrichmentThreshold { get; set; }

    /// <summary>The pre-training options with every property that is set written onto them.</summary>
    /// <param name="options">The options the search starts from (e.g. <see cref="FgClepPretrainPresets.SmallCpu"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range, or a name is not one of the choices; the message names the property.</exception>
    public FgClepPretrainOptions ApplyTo(FgClepPretrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var t = options.Training;
        t = t with
        {
            LearningRate = Checked(LearningRate, nameof(LearningRate), v => double.IsFinite(v) && v > 0, "finite and > 0") ?? t.LearningRate,
            Epochs = Checked(Epochs, nameof(Epochs), v => v >= 1, "at least 1") ?? t.Epochs,
            BatchSize = Checked(BatchSize, nameof(BatchSize), v => v >= 2, "at least 2") ?? t.BatchSize,
            WeightDecay = Checked(WeightDecay, nameof(WeightDecay), v => double.IsFinite(v) && v >= 0, "finite and ≥ 0") ?? t.WeightDecay,
            Loss = Loss is null ? t.Loss : Parsed(Loss, nameof(Loss), ClepLoss.Parse, string.Join(", ", ClepLoss.Names)),
            FalseNegativeMitigationWeight = Checked(FalseNegativeMitigationWeight, nameof(FalseNegativeMitigationWeight), v => double.IsFinite(v) && v >= 0, "finite and ≥ 0")
                                            ?? t.FalseNegativeMitigationWeight,
            TextEncoderTraining = TextEncoderTraining is null ? t.TextEncoderTraining
                : Parsed(TextEncoderTraining, nameof(TextEncoderTraining), FgClep.Training.TextEncoderTraining.Parse, "frozen, finetune, top:N"),
            SentenceSamplingShare = Checked(SentenceSamplingShare, nameof(SentenceSamplingShare), v => v is >= 0 and <= 1, "from 0 to 1") ?? t.SentenceSamplingShare,
        };
        var model = options.Model;
        if (Checked(EcgWidth, nameof(EcgWidth), v => v >= 1, "at least 1") is int width)
            model = model with { Ecg = model.Ecg with { BaseWidth = width } };
        return options with { Training = t, Model = model };
    }

    /// <summary>The enrichment options with <see cref="EnrichmentThreshold"/> written onto them when it is set.</summary>
    /// <param name="options">The options the search starts from.</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is outside 0 to 1.</exception>
    public WaveformEnrichmentOptions ApplyTo(WaveformEnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Threshold = Checked(EnrichmentThreshold, nameof(EnrichmentThreshold), v => v is >= 0 and <= 1, "from 0 to 1") ?? options.Threshold };
    }

    private static T? Checked<T>(T? value, string name, Func<T, bool> valid, string range) where T : struct =>
        value is { } v && !valid(v)
            ? throw new ArgumentOutOfRangeException(name, v, $"{nameof(FgClepSweepParameters)}.{name} must be {range}; got {v}.")
            : value;

    private static T Parsed<T>(string text, string name, Func<string, T> parse, string choices)
    {
        try { return parse(text); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentOutOfRangeException(name, text, $"{nameof(FgClepSweepParameters)}.{name} '{text}' is not one of {choices}.");
        }
    }
}
