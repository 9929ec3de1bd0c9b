namespace FgClep.Datasets;

/// <summary>Multi-label targets as 0/1 vectors over a class list: 1 where a record has the class, else 0.</summary>
public static class MultiHotLabels
{
    /// <summary>One record's vector over <paramref name="classNames"/>.</summary>
    /// <param name="labels">The record's classes (names outside <paramref name="classNames"/> are ignored).</param>
    /// <param name="classNames">The classes, in vector order.</param>
    /// <param name="comparer">How names compare; null for ordinal.</param>
    public static float[] Row(IEnumerable<string> labels, IReadOnlyList<string> classNames, StringComparer? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        var set = labels.ToHashSet(comparer ?? StringComparer.Ordinal);
        var row = new float[classNames.Count];
        for (int c = 0; c < row.Length; c++) row[c] = set.Contains(classNames[c]) ? 1f : 0f;
        return row;
    }

    /// <summary>One vector per record, in record order.</summary>
    public static float[][] Rows(IEnumerable<IEnumerable<string>> labels, IReadOnlyList<string> classNames, StringComparer? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Select(l => Row(l, classNames, comparer)).ToArray();
    }
}
