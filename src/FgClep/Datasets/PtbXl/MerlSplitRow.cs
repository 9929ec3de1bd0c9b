namespace FgClep.Datasets.PtbXl;

/// <summary>One row of a MERL benchmark split file: a record reference and its labels.</summary>
/// <param name="Id">The record reference from the id column (<c>ecg_id</c>, <c>filename</c> or <c>ecg_path</c>).</param>
/// <param name="Labels">The class names whose column is 1, in <see cref="MerlSplitTable.ClassNames"/> order.</param>
/// <param name="Fields">Every column of the row, raw text by column name.</param>
public sealed record MerlSplitRow(string Id, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, string> Fields);
