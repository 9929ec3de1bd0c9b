using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FgClep.Evaluation;

/// <summary>
/// The linear-probe benchmark on frozen embeddings: one native ML.NET binary trainer per label (default
/// <c>LbfgsLogisticRegression</c>), trained on each requested share of the training split, its L2 weight chosen on the
/// validation split from a small grid, and reported once on the test split as macro AUROC with a bootstrap interval.
/// </summary>
/// <remarks>
/// <para>Subsets: the training rows are shuffled once with <see cref="LinearProbeOptions.Seed"/>; a share <c>f</c> takes
/// the first round(f·N) rows (at least one), a plain random subset as in the MERL benchmark, so smaller shares are nested
/// in larger ones. With <see cref="LinearProbeOptions.MinExamplesPerLabel"/> above 0 it then adds, rarest label first, the
/// next shuffled positives (and negatives) of every label that has fewer than that in the subset, which may make it
/// larger than asked (<see cref="LinearProbeResult.TrainCount"/>).</para>
/// <para>A label is excluded, and named with the reason, rather than given a made-up score, when its subset has no
/// positives or no negatives (none drawn, or none in the training split) or its test AUROC is undefined (the test split has no
/// positives or no negatives). The macro average and the bootstrap run over the evaluated labels only. When validation
/// cannot rank any label, the middle value of the L2 grid is used.</para>
/// </remarks>
public sealed class LinearProbe
{
    private const string LabelColumn = "Label", FeatureColumn = "Features", ScoreColumn = "Score";

    private readonly MLContext _ml;

    /// <summary>Creates the benchmark.</summary>
    /// <exception cref="ArgumentException">The options are invalid (a share outside (0, 1], an empty or negative L2 grid, ...).</exception>
    public LinearProbe(MLContext mlContext, LinearProbeOptions? options = null)
    {
        _ml = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        Options = options ?? new LinearProbeOptions();
        if (Options.Fractions is null || Options.Fractions.Count == 0) throw new ArgumentException("Give at least one training fraction.", nameof(options));
        foreach (var f in Options.Fractions)
            if (!(f > 0 && f <= 1)) throw new ArgumentOutOfRangeException(nameof(options), f, "Training fractions must lie in (0, 1].");
        if (Options.L2Grid is null || Options.L2Grid.Count == 0) throw new ArgumentException("Give at least one L2 weight.", nameof(options));
        foreach (var l2 in Options.L2Grid)
            if (!(l2 >= 0 && float.IsFinite(l2))) throw new ArgumentOutOfRangeException(nameof(options), l2, "L2 weights must be finite and non-negative.");
        if (Options.MinExamplesPerLabel < 0) throw new ArgumentOutOfRangeException(nameof(options), Options.MinExamplesPerLabel, "MinExamplesPerLabel must be 0 (a plain random subset) or more.");
    }

    /// <summary>The settings.</summary>
    public LinearProbeOptions Options { get; }

    /// <summary>Runs the probe for every fraction of <see cref="LinearProbeOptions.Fractions"/>, in that order.</summary>
    /// <param name="train">Training split.</param>
    /// <param name="validation">Validation split (chooses L2).</param>
    /// <param name="test">Test split (reported once).</param>
    /// <param name="classNames">Class names; null for the training split's, else <c>class 0</c>, <c>class 1</c>, ...</param>
    /// <exception cref="ArgumentException">The splits differ in embedding size or class count, or a split is empty or ragged.</exception>
    public IReadOnlyList<LinearProbeResult> Run(LinearProbeSplit train, LinearProbeSplit validation, LinearProbeSplit test, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        var (dimension, classes) = train.Check("train");
        foreach (var (split, role) in new[] { (validation, "validation"), (test, "test") })
        {
            var (d, c) = split.Check(role);
            if (d != dimension || c != classes)
                throw new ArgumentException($"The {role} split has {d}-value embeddings and {c} classes; the training split has {dimension} and {classes}.", role);
        }
        var names = classNames ?? train.ClassNames ?? Enumerable.Range(0, classes).Select(i => $"class {i}").ToArray();
        if (names.Count != classes) throw new ArgumentException($"Got {names.Count} class names for {classes} classes.", nameof(classNames));

        var validationView = FeatureView(validation.Embeddings, dimension);
        var testView = FeatureView(test.Embeddings, dimension);
        var order = Shuffle(train.Count, Options.Seed);
        return Options.Fractions.Select(f => RunFraction(f, train, validation, test, names, order, validationView, testView, dimension)).ToArray();
    }

    private LinearProbeResult RunFraction(double fraction, LinearProbeSplit train, LinearProbeSplit validation, LinearProbeSplit test,
        IReadOnlyList<string> names, int[] order, IDataView validationView, IDataView testView, int dimension)
    {
        int classes = names.Count, grid = Options.L2Grid.Count;
        var subset = Subset(train.Labels, fraction, order, Options.MinExamplesPerLabel);
        string share = fraction.ToString("0.##%", CultureInfo.InvariantCulture);

        var reasons = new string?[classes];
        var positives = new int[classes];
        var negatives = new int[classes];
        for (int c = 0; c < classes; c++)
        {
            positives[c] = subset.Count(i => train.Labels[i][c] > 0.5f);
            negatives[c] = subset.Length - positives[c];
            var (testPositives, testCount) = (test.Labels.Count(l => l[c] > 0.5f), test.Count);
            var (trainPositives, trainCount) = (train.Labels.Count(l => l[c] > 0.5f), train.Count);
            reasons[c] = positives[c] == 0 ? $"no positive records in the {share} training subset ({Has(trainPositives, "positive")})"
                : negatives[c] == 0 ? $"no negative records in the {share} training subset ({Has(trainCount - trainPositives, "negative")})"
                : testPositives == 0 ? "no positive records in the test split (AUROC undefined)"
                : testPositives == testCount ? "no negative records in the test split (AUROC undefined)"
                : null;
        }

        var included = Enumerable.Range(0, classes).Where(c => reasons[c] is null).ToArray();
        var validationAuroc = new double[grid, classes];
        var testScores = new float[grid, classes][];
        foreach (var c in included)
        {
            var view = TrainView(train, subset, c, dimension);
            var validationLabels = validation.Labels.Select(l => l[c] > 0.5f).ToArray();
            for (int g = 0; g < grid; g++)
            {
                var model = Trainer(Options.L2Grid[g]).Fit(view);
                validationAuroc[g, c] = RocAuc.Compute(Scores(model, validationView), validationLabels);
                testScores[g, c] = Scores(model, testView);
            }
        }

        int shared = SharedChoice(validationAuroc, included, grid);
        var chosen = new int[classes];
        foreach (var c in included)
        {
            chosen[c] = shared;
            if (!Options.SelectL2PerLabel) continue;
            for (int g = 0; g < grid; g++)
                if (!double.IsNaN(validationAuroc[g, c]) && (double.IsNaN(validationAuroc[chosen[c], c]) || validationAuroc[g, c] > validationAuroc[chosen[c], c]))
                    chosen[c] = g;
        }

        var scoreMatrix = new float[test.Count * included.Length];
        var labelMatrix = new float[test.Count * included.Length];
        for (int k = 0; k < included.Length; k++)
        {
            int c = included[k];
            var s = testScores[chosen[c], c];
            for (int i = 0; i < test.Count; i++)
            {
                scoreMatrix[i * included.Length + k] = s[i];
                labelMatrix[i * included.Length + k] = test.Labels[i][c] > 0.5f ? 1 : 0;
            }
        }
        var macro = included.Length == 0 ? null : RocAuc.ComputeMacro(scoreMatrix, labelMatrix, included.Length);
        var bootstrap = included.Length == 0 || Options.Bootstrap is null ? null
            : Bootstrap.MacroAurocAndAuprc(scoreMatrix, labelMatrix, included.Length, Options.Bootstrap);

        var labels = new LinearProbeLabelResult[classes];
        for (int c = 0; c < classes; c++)
        {
            int k = Array.IndexOf(included, c);
            labels[c] = k < 0
                ? new LinearProbeLabelResult(names[c], positives[c], negatives[c], null, double.NaN, double.NaN, reasons[c])
                : new LinearProbeLabelResult(names[c], positives[c], negatives[c], Options.L2Grid[chosen[c]], validationAuroc[chosen[c], c], macro!.PerClass[k], null);
        }
        return new LinearProbeResult(fraction, subset.Length, macro?.Macro ?? double.NaN, bootstrap,
            Options.SelectL2PerLabel ? null : Options.L2Grid[shared], labels);
    }

    private static string Has(int count, string kind) =>
        count == 0 ? "the training split has none" : string.Create(CultureInfo.InvariantCulture, $"the training split has {count} {kind}, none drawn");

    private int SharedChoice(double[,] validationAuroc, int[] included, int grid)
    {
        int best = -1;
        double bestMean = double.NegativeInfinity;
        for (int g = 0; g < grid; g++)
        {
            var defined = included.Select(c => validationAuroc[g, c]).Where(v => !double.IsNaN(v)).ToArray();
            if (defined.Length == 0) continue;
            double mean = defined.Average();
            if (mean > bestMean) { bestMean = mean; best = g; }
        }
        return best >= 0 ? best : grid / 2;
    }

    private IEstimator<ITransformer> Trainer(float l2) => Options.TrainerFactory is { } factory
        ? factory(_ml, LabelColumn, FeatureColumn, l2) ?? throw new InvalidOperationException("The linear-probe trainer factory returned null.")
        : _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = LabelColumn, FeatureColumnName = FeatureColumn, L2Regularization = l2, L1Regularization = 0,
        });

    private static float[] Scores(ITransformer model, IDataView view)
    {
        var scored = model.Transform(view);
        var column = scored.Schema.GetColumnOrNull(ScoreColumn);
        if (column is not { Type: NumberDataViewType t } || t != NumberDataViewType.Single)
            throw new InvalidOperationException($"The linear-probe trainer's model writes no Single '{ScoreColumn}' column; use an ML.NET binary classification trainer.");
        return scored.GetColumn<float>(ScoreColumn).ToArray();
    }

    /// <summary>The training subset for <paramref name="fraction"/> (sorted row indices); see the class remarks.</summary>
    internal static int[] Subset(IReadOnlyList<float[]> labels, double fraction, int[] order, int minExamples)
    {
        int n = labels.Count;
        int target = Math.Clamp((int)Math.Round(fraction * n, MidpointRounding.AwayFromZero), 1, n);
        var chosen = new HashSet<int>(order.Take(target));
        if (target == n || minExamples == 0) return chosen.Order().ToArray();
        int classes = labels[0].Length;
        var rarestFirst = Enumerable.Range(0, classes).OrderBy(c => labels.Count(l => l[c] > 0.5f)).ToArray();
        foreach (var c in rarestFirst)
            foreach (var positive in new[] { true, false })
            {
                int have = chosen.Count(i => labels[i][c] > 0.5f == positive);
                foreach (var i in order)
                {
                    if (have >= minExamples) break;
                    if (labels[i][c] > 0.5f == positive && chosen.Add(i)) have++;
                }
            }
        return chosen.Order().ToArray();
    }

    internal static int[] Shuffle(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    private sealed class FeatureRow
    {
        public float[] Features = Array.Empty<float>();
    }

    private sealed class TrainRow
    {
        public float[] Features = Array.Empty<float>();
        public bool Label;
    }

    private IDataView FeatureView(IReadOnlyList<float[]> embeddings, int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return _ml.Data.LoadFromEnumerable(embeddings.Select(e => new FeatureRow { Features = e }).ToArray(), schema);
    }

    private IDataView TrainView(LinearProbeSplit train, int[] subset, int label, int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(TrainRow));
        schema[nameof(TrainRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var rows = subset.Select(i => new TrainRow { Features = train.Embeddings[i], Label = train.Labels[i][label] > 0.5f }).ToArray();
        return _ml.Data.LoadFromEnumerable(rows, schema);
    }
}
