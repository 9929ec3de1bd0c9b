namespace FgClep.Datasets.PtbXl;

/// <summary>A MERL benchmark split file read by <see cref="MerlSplitReader"/>.</summary>
/// <param name="FilePath">The file read.</param>
/// <param name="IdColumn">The column the record ids come from.</param>
/// <param name="ClassNames">The label columns, in file order.</param>
/// <param name="Rows">The rows, in file order.</param>
public sealed record MerlSplitTable(string FilePath, string IdColumn, IReadOnlyList<string> ClassNames, IReadOnlyList<MerlSplitRow> Rows)
{
    /// <summary>The 0/1 label vector of <paramref name="row"/> over <see cref="ClassNames"/>.</summary>
    public float[] LabelVector(MerlSplitRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return MultiHotLabels.Row(row.Labels, ClassNames);
    }
}
