using FgClep.Datasets;
using FgClep.Datasets.PtbXl;
using FgClep.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Evaluation;

/// <summary>
/// The zero-shot benchmark: every record is scored against every class with <see cref="ZeroShotClassifier"/> and macro
/// AUROC / AUPRC (with optional bootstrap intervals) are computed on the logits, which σ would tie in float32.
/// </summary>
/// <example><code>
/// var test = mlContext.Data.LoadPtbXl(dir, new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Super });
/// var result = ZeroShotEvaluation.Evaluate(fgclep.Model, test, PtbXlPrompts.Classes(database, PtbXlTask.Super), ensembleOverLeads: true, new BootstrapOptions());
/// </code></example>
public static class ZeroShotEvaluation
{
    /// <summary>Scores precomputed ECG embeddings.</summary>
    /// <param name="model">The model (its text encoder embeds the prompts).</param>
    /// <param name="ecgEmbeddings">L2-normalised ECG embeddings, one per record.</param>
    /// <param name="labels">One 0/1 vector per record, one value per class (&gt; 0.5 is positive).</param>
    /// <param name="classes">The classes and prompts, in label order.</param>
    /// <param name="ensembleOverLeads">Also score "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads.</param>
    /// <param name="bootstrap">Bootstrap settings; null for no intervals.</param>
    /// <exception cref="ArgumentException">Counts or sizes do not match, or there are no records.</exception>
    public static ZeroShotEvaluationResult Evaluate(ClepEncoder model, IReadOnlyList<float[]> ecgEmbeddings, IReadOnlyList<float[]> labels,
        IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads = false, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ecgEmbeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        if (ecgEmbeddings.Count == 0) throw new ArgumentException("There are no records to score.", nameof(ecgEmbeddings));
        if (labels.Count != ecgEmbeddings.Count)
            throw new ArgumentException($"Got {labels.Count} label rows for {ecgEmbeddings.Count} embeddings.", nameof(labels));
        int classCount = classes.Count;
        var flat = new float[labels.Count * classCount];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i]?.Length != classCount)
                throw new ArgumentException($"Label row {i} has {labels[i]?.Length ?? 0} values for {classCount} classes.", nameof(labels));
            labels[i].CopyTo(flat, i * classCount);
        }
        return Evaluate(model, ecgEmbeddings, flat, classes, ensembleOverLeads, bootstrap);
    }

    /// <summary>Scores precomputed embeddings against labels laid out record-major (<c>labels[i * classes + c]</c>).</summary>
    internal static ZeroShotEvaluationResult Evaluate(ClepEncoder model, IReadOnlyList<float[]> ecgEmbeddings, float[] labels,
        IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads, BootstrapOptions? bootstrap)
    {
        int classCount = classes.Count;
        var scores = new ZeroShotClassifier(model, classes, ensembleOverLeads).ScoreLogitsAll(ecgEmbeddings);
        return new ZeroShotEvaluationResult(classes.Select(c => c.Name).ToArray(), ecgEmbeddings.Count,
            RocAuc.ComputeMacro(scores, labels, classCount), Auprc.ComputeMacro(scores, labels, classCount),
            bootstrap is null ? null : Bootstrap.MacroAurocAndAuprc(scores, labels, classCount, bootstrap));
    }

    /// <summary>
    /// Reads the signal and label columns of <paramref name="data"/> in one pass (e.g. a view from
    /// <c>mlContext.Data.LoadPtbXl</c>), embeds the signals in batches and scores them.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Rows with a preprocessed signal column and a Single 0/1 label vector.</param>
    /// <param name="classes">The classes in label-slot order. When the label column has slot names, they must equal the class names, in order.</param>
    /// <param name="ensembleOverLeads">Also score "⟨prompt⟩ in lead ⟨x⟩" for the 12 leads.</param>
    /// <param name="bootstrap">Bootstrap settings; null for no intervals.</param>
    /// <param name="signalColumnName">The signal column.</param>
    /// <param name="labelsColumnName">The label column.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">The classes do not match the label slots.</exception>
    public static ZeroShotEvaluationResult Evaluate(ClepEncoder model, IDataView data, IReadOnlyList<ZeroShotClass> classes, bool ensembleOverLeads = false,
        BootstrapOptions? bootstrap = null, string signalColumnName = "Signal", string labelsColumnName = "Labels")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classes);
        int signalLength = model.Preprocessing.Leads.Count * model.Preprocessing.SampleCount;
        SignalColumn.Check(data.Schema, signalColumnName, signalLength);
        var labelColumn = data.Schema.GetColumnOrNull(labelsColumnName)
                          ?? throw new ArgumentOutOfRangeException(nameof(data), $"Could not find labels column '{labelsColumnName}'");
        if (labelColumn.Type is not VectorDataViewType { Size: var size, ItemType: var item } || item != NumberDataViewType.Single || size != classes.Count)
            throw new ArgumentOutOfRangeException(nameof(data),
                $"Schema mismatch for labels column '{labelsColumnName}': expected Vector<Single, {classes.Count}>, got {labelColumn.Type}");
        if (labelColumn.Annotations.Schema.GetColumnOrNull("SlotNames") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> slots = default;
            labelColumn.GetSlotNames(ref slots);
            var names = slots.DenseValues().Select(s => s.ToString()).ToArray();
            for (int c = 0; c < classes.Count; c++)
                if (names[c] != classes[c].Name)
                    throw new ArgumentException($"Label slot {c} is '{names[c]}' but class {c} is '{classes[c].Name}'; give the classes in label-slot order.", nameof(classes));
        }

        var embeddings = new List<float[]>();
        var labels = new List<float[]>();
        var batch = new List<float[]>(model.BatchSize);
        using (var cursor = data.GetRowCursor(new[] { data.Schema[signalColumnName], labelColumn }))
        {
            var getSignal = cursor.GetGetter<VBuffer<float>>(data.Schema[signalColumnName]);
            var getLabels = cursor.GetGetter<VBuffer<float>>(labelColumn);
            VBuffer<float> signal = default, label = default;
            while (cursor.MoveNext())
            {
                getSignal(ref signal);
                getLabels(ref label);
                batch.Add(signal.DenseValues().ToArray());
                labels.Add(label.DenseValues().ToArray());
                if (batch.Count < model.BatchSize) continue;
                embeddings.AddRange(model.EmbedSignals(batch));
                batch.Clear();
            }
        }
        if (batch.Count > 0) embeddings.AddRange(model.EmbedSignals(batch));
        return Evaluate(model, embeddings, labels, classes, ensembleOverLeads, bootstrap);
    }
}
