using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Evaluation;

/// <summary>One split for a <see cref="LinearProbe"/>: frozen embeddings and their multi-label 0/1 labels, row by row.</summary>
/// <param name="Embeddings">One embedding per record, all of one length.</param>
/// <param name="Labels">One 0/1 vector per record (&gt; 0.5 is positive), all of one length: the classes.</param>
/// <param name="ClassNames">The class names, or null.</param>
public sealed record LinearProbeSplit(IReadOnlyList<float[]> Embeddings, IReadOnlyList<float[]> Labels, IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>Number of records.</summary>
    public int Count => Embeddings.Count;

    /// <summary>
    /// Reads a split from a data view in one pass, e.g. <c>fgclep.Transform(mlContext.Data.LoadPtbXl(...))</c>: the embedding
    /// column and the label column (a Single vector; its slot names, when present, become <see cref="ClassNames"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not a known-size Single vector.</exception>
    public static LinearProbeSplit FromDataView(IDataView data, string embeddingColumnName = "EcgEmbedding", string labelsColumnName = "Labels")
    {
        ArgumentNullException.ThrowIfNull(data);
        var embedding = VectorColumn(data.Schema, embeddingColumnName, "embedding");
        var labels = VectorColumn(data.Schema, labelsColumnName, "labels");
        IReadOnlyList<string>? names = null;
        if (labels.Annotations.Schema.GetColumnOrNull("SlotNames") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> slots = default;
            labels.GetSlotNames(ref slots);
            names = slots.DenseValues().Select(s => s.ToString()).ToArray();
        }
        var embeddings = new List<float[]>();
        var rows = new List<float[]>();
        using var cursor = data.GetRowCursor(new[] { embedding, labels });
        var getEmbedding = cursor.GetGetter<VBuffer<float>>(embedding);
        var getLabels = cursor.GetGetter<VBuffer<float>>(labels);
        VBuffer<float> e = default, l = default;
        while (cursor.MoveNext())
        {
            getEmbedding(ref e);
            getLabels(ref l);
            embeddings.Add(e.DenseValues().ToArray());
            rows.Add(l.DenseValues().ToArray());
        }
        return new LinearProbeSplit(embeddings, rows, names);
    }

    private static DataViewSchema.Column VectorColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find {role} column '{name}'");
        if (column.Type is not VectorDataViewType { Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for {role} column '{name}': expected known-size vector of Single, got {column.Type}");
        return column;
    }

    /// <summary>Checks shapes; returns (embedding size, class count).</summary>
    internal (int Dimension, int Classes) Check(string role)
    {
        if (Embeddings is null || Labels is null) throw new ArgumentException($"The {role} split has no embeddings or labels.", role);
        if (Embeddings.Count != Labels.Count)
            throw new ArgumentException($"The {role} split has {Embeddings.Count} embeddings but {Labels.Count} label rows.", role);
        if (Embeddings.Count == 0) throw new ArgumentException($"The {role} split is empty.", role);
        int d = Embeddings[0]?.Length ?? 0, c = Labels[0]?.Length ?? 0;
        if (d == 0 || c == 0) throw new ArgumentException($"The {role} split's first row has an empty embedding or label vector.", role);
        for (int i = 0; i < Embeddings.Count; i++)
        {
            if (Embeddings[i]?.Length != d) throw new ArgumentException($"Embedding {i} of the {role} split has {Embeddings[i]?.Length ?? 0} values; expected {d}.", role);
            if (Labels[i]?.Length != c) throw new ArgumentException($"Label row {i} of the {role} split has {Labels[i]?.Length ?? 0} values; expected {c}.", role);
            foreach (var v in Embeddings[i])
                if (!float.IsFinite(v)) throw new ArgumentException($"Embedding {i} of the {role} split holds {v}.", role);
        }
        if (ClassNames is not null && ClassNames.Count != c)
            throw new ArgumentException($"The {role} split names {ClassNames.Count} classes but has {c} labels per row.", role);
        return (d, c);
    }
}
