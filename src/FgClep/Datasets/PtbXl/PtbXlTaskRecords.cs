using System.Globalization;
using FgClep.IO;

namespace FgClep.Datasets.PtbXl;

/// <summary>
/// The records a PTB-XL task is trained and evaluated on, per split. The benchmark protocol (Strodthoff et al. 2020; MERL
/// and FG-CLEP, Table 1) evaluates each task on its own records: those with at least one label of that task. A record
/// without a form or rhythm statement is left out of that task rather than counted as a negative for every class.
/// </summary>
/// <param name="Task">The task.</param>
/// <param name="Train">ecg_ids of the training records (folds 1–8).</param>
/// <param name="Validation">ecg_ids of the validation records (fold 9).</param>
/// <param name="Test">ecg_ids of the test records (fold 10).</param>
/// <param name="Source">Where the sets come from, for logs: the official folds or MERL's split files.</param>
public sealed record PtbXlTaskRecords(PtbXlTask Task, IReadOnlySet<int> Train, IReadOnlySet<int> Validation, IReadOnlySet<int> Test, string Source)
{
    /// <summary>MERL's folder name for each task (<c>super_class</c>, <c>sub_class</c>, <c>form</c>, <c>rhythm</c>).</summary>
    public static string MerlTaskName(PtbXlTask task) => task switch
    {
        PtbXlTask.Super => "super_class",
        PtbXlTask.Sub => "sub_class",
        PtbXlTask.Form => "form",
        PtbXlTask.Rhythm => "rhythm",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown PTB-XL task."),
    };

    /// <summary>The official folds 1–8 / 9 / 10, keeping only the records with at least one label of <paramref name="task"/>.</summary>
    public static PtbXlTaskRecords FromFolds(PtbXlDatabase database, PtbXlTask task)
    {
        ArgumentNullException.ThrowIfNull(database);
        var sets = NewSets();
        foreach (var entry in database.Entries)
            if (database.GetLabels(entry, task).Count > 0) sets[entry.Split].Add(entry.EcgId);
        return new PtbXlTaskRecords(task, sets["train"], sets["validation"], sets["test"], "official folds 1-8 / 9 / 10, records with a label of the task");
    }

    /// <summary>
    /// MERL's per-task split files (the paper's record sets): <c>{directory}/{task}/ptbxl_{task}_{train|val|test}.csv</c>, e.g.
    /// <c>merl_splits/ptbxl/form/ptbxl_form_train.csv</c>. Records listed there but absent from <paramref name="database"/>
    /// (a partial copy of PTB-XL) are left out.
    /// </summary>
    /// <exception cref="FileNotFoundException">A split file is missing (the message names it).</exception>
    /// <exception cref="FgClepFormatException">A file lacks <c>ecg_id</c>, lists an id twice, or puts a record in a split its fold disagrees with.</exception>
    public static PtbXlTaskRecords FromMerlSplits(PtbXlDatabase database, PtbXlTask task, string directory)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string name = MerlTaskName(task);
        var folds = database.Entries.ToDictionary(e => e.EcgId, e => e.StratFold);
        var sets = NewSets();
        var seen = new HashSet<int>();
        foreach (var (file, split) in new[] { ("train", "train"), ("val", "validation"), ("test", "test") })
        {
            string path = Path.Combine(directory, name, $"ptbxl_{name}_{file}.csv");
            if (!File.Exists(path))
                throw new FileNotFoundException($"MERL split file '{path}' was not found (expected the {split} records of the {name} task there).", path);
            using var csv = CsvReader.Open(path);
            csv.RequireColumns("ecg_id");
            while (csv.Read())
            {
                int id = csv.GetInt32("ecg_id");
                if (!seen.Add(id)) throw csv.Error($"expected each ecg_id once across the {name} split files, found {id} again.");
                if (!folds.TryGetValue(id, out int fold)) continue;
                if (PtbXlDatabase.SplitOfFold(fold) != split)
                    throw csv.Error(string.Create(CultureInfo.InvariantCulture,
                        $"ecg_id {id} is listed as {split}, but its strat_fold in {PtbXlDatabase.DatabaseFileName} is {fold} ({PtbXlDatabase.SplitOfFold(fold)})."));
                sets[split].Add(id);
            }
        }
        return new PtbXlTaskRecords(task, sets["train"], sets["validation"], sets["test"], $"MERL {name} split ({Path.GetFullPath(directory)})");
    }

    /// <summary>Whether <paramref name="ecgId"/> belongs to any split of the task.</summary>
    public bool Contains(int ecgId) => Train.Contains(ecgId) || Validation.Contains(ecgId) || Test.Contains(ecgId);

    /// <summary>The ids of one split: <c>train</c>, <c>validation</c> or <c>test</c>.</summary>
    public IReadOnlySet<int> OfSplit(string split) => split switch
    {
        "train" => Train,
        "validation" => Validation,
        "test" => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected train, validation or test."),
    };

    private static Dictionary<string, HashSet<int>> NewSets() => new(StringComparer.Ordinal)
    {
        ["train"] = new HashSet<int>(), ["validation"] = new HashSet<int>(), ["test"] = new HashSet<int>(),
    };
}
