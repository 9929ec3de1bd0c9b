using FgClep.IO;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// Reads the train/val/test split files of the MERL benchmark (PTB-XL super/sub/form/rhythm, ICBEB = CPSC2018, Chapman),
/// by column name.
/// </summary>
/// <remarks>
/// <para>The id column is, unless given: <c>ecg_path</c> (Chapman), else <c>filename</c> (ICBEB record names such as
/// <c>A0001</c>), else <c>ecg_id</c> (PTB-XL).</para>
/// <para>Label columns, unless given: every column that is not a known metadata column (<see cref="MetadataColumns"/>:
/// ids, paths, folds, demographics, <c>scp_codes</c>, and the list-valued <c>super_class</c>/<c>sub_class</c>/<c>form</c>/
/// <c>rhythm</c>/<c>diagnose</c> columns) and holds only 0/1 in every row. Columns are never taken by position.</para>
/// </remarks>
public static class MerlSplitReader
{
    /// <summary>Columns that are never labels (some, such as <c>sex</c>, hold 0/1 values).</summary>
    public static IReadOnlySet<string> MetadataColumns { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ecg_id", "patient_id", "strat_fold", "filename", "filename_lr", "filename_hr", "ecg_path", "path", "validation",
        "age", "sex", "height", "weight", "scp_codes", "report", "diagnose", "super_class", "sub_class", "form", "rhythm",
    };

    private static readonly string[] IdColumnPreference = { "ecg_path", "filename", "ecg_id" };

    /// <summary>Reads one split file.</summary>
    /// <param name="path">The CSV file, e.g. <c>ptbxl/super_class/ptbxl_super_class_train.csv</c>.</param>
    /// <param name="idColumn">The id column; null to pick it as described in the remarks.</param>
    /// <param name="classNames">The label columns; null to detect them as described in the remarks.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="FgClepFormatException">A named column is missing, or a label cell is not 0/1.</exception>
    public static MerlSplitTable Read(string path, string? idColumn = null, IReadOnlyList<string>? classNames = null)
    {
        using var csv = CsvReader.Open(path);
        idColumn ??= IdColumnPreference.FirstOrDefault(csv.HasColumn)
            ?? throw new FgClepFormatException(path, "line 1",
                $"expected an id column ({string.Join(", ", IdColumnPreference)}), found columns: {string.Join(", ", csv.Header)}.");
        csv.RequireColumns(idColumn);
        if (classNames is not null) csv.RequireColumns(classNames.ToArray());
        var candidates = classNames?.ToList()
            ?? csv.Header.Where(h => h.Length > 0 && !MetadataColumns.Contains(h) && h != idColumn).Distinct().ToList();

        var raw = new List<(string Id, long Line, Dictionary<string, string> Fields)>();
        var notBinary = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in csv.Header) fields.TryAdd(column, csv[column]);
            foreach (var c in candidates)
            {
                if (ParseBinary(fields[c]) is null)
                {
                    if (classNames is not null)
                        throw csv.Error($"expected 0 or 1 in label column '{c}', found '{fields[c]}'.");
                    notBinary.Add(c);
                }
            }
            var id = fields[idColumn].Trim();
            if (id.Length == 0) throw csv.Error($"expected a record id in column '{idColumn}', found an empty field.");
            raw.Add((id, csv.RowLine, fields));
        }

        var labels = candidates.Where(c => !notBinary.Contains(c)).ToArray();
        var rows = raw.Select(r => new MerlSplitRow(r.Id, labels.Where(c => ParseBinary(r.Fields[c]) == true).ToArray(), r.Fields)).ToArray();
        return new MerlSplitTable(path, idColumn, labels, rows);
    }

    private static bool? ParseBinary(string text) => text.Trim() switch
    {
        "0" or "0.0" => false,
        "1" or "1.0" => true,
        _ => null,
    };
}
