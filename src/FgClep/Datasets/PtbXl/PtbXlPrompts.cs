
namespace FgClep.Datasets.PtbXl;

/// <summary>
/// Default zero-shot prompts for the PTB-XL tasks: each class becomes a <see cref="ZeroShotClass"/> named by its code
/// (e.g. <c>MI</c>, <c>LAFB/LPFB</c>, <c>AFIB</c>) whose prompts are the class's English description put into templates.
/// </summary>
/// <remarks>
/// Descriptions: the 5 superclasses and the aggregate subclasses (<c>ISCA</c>, <c>ISCI</c>, <c>ISC_</c>, <c>_AVB</c>,
/// <c>LAFB/LPFB</c>, <c>STTC</c>) come from a short curated table (NORM → "normal ECG", MI → "myocardial infarction",
/// STTC → "ST/T change", CD → "conduction disturbance", HYP → "hypertrophy", ...); every other class is an SCP statement
/// and uses its <c>description</c> from <c>scp_statements.csv</c> (from the given statements, else a built-in copy of
/// the official file's descriptions). Codes are matched with and without PTB-XL's leading/trailing underscores, because
/// the MERL split files write <c>NST</c> for <c>NST_</c>. A class that is none of these is prompted by its name.
/// </remarks>
public static class PtbXlPrompts
{
    /// <summary>The placeholder a template must contain; it is replaced by the class description.</summary>
    public const string DescriptionPlaceholder = "{description}";

    /// <summary>The default templates: just the description.</summary>
    public static IReadOnlyList<string> DefaultTemplates { get; } = new[] { DescriptionPlaceholder };

    private static readonly Dictionary<string, string> Superclasses = new(StringComparer.Ordinal)
    {
        ["NORM"] = "normal ECG", ["MI"] = "myocardial infarction", ["STTC"] = "ST/T change", ["CD"] = "conduction disturbance", ["HYP"] = "hypertrophy",
    };

    // Subclasses that aggregate several statements (or whose statement text reads badly as a prompt).
    private static readonly Dictionary<string, string> AggregateSubclasses = new(StringComparer.Ordinal)
    {
        ["ISCA"] = "ischemia in anterior leads", ["ISCI"] = "ischemia in inferior leads", ["ISC_"] = "non-specific ischemia",
        ["_AVB"] = "atrioventricular block", ["LAFB/LPFB"] = "left anterior or left posterior fascicular block", ["STTC"] = "ST-T change",
    };

    // The description column of PTB-XL's scp_statements.csv for the statements that are classes of a task.
    private static readonly Dictionary<string, string> StatementDescriptions = new(StringComparer.Ordinal)
    {
        ["NORM"] = "normal ECG", ["AMI"] = "anterior myocardial infarction", ["IMI"] = "inferior myocardial infarction",
        ["LMI"] = "lateral myocardial infarction", ["PMI"] = "posterior myocardial infarction",
        ["CLBBB"] = "complete left bundle branch block", ["CRBBB"] = "complete right bundle branch block",
        ["ILBBB"] = "incomplete left bundle branch block", ["IRBBB"] = "incomplete right bundle branch block",
        ["IVCD"] = "non-specific intraventricular conduction disturbance (block)", ["LAO/LAE"] = "left atrial overload/enlargement",
        ["RAO/RAE"] = "right atrial overload/enlargement", ["LVH"] = "left ventricular hypertrophy", ["RVH"] = "right ventricular hypertrophy",
        ["SEHYP"] = "septal hypertrophy", ["WPW"] = "Wolf-Parkinson-White syndrome", ["NST_"] = "non-specific ST changes",
        ["NDT"] = "non-diagnostic T abnormalities", ["DIG"] = "digitalis-effect", ["LNGQT"] = "long QT-interval", ["ABQRS"] = "abnormal QRS",
        ["PVC"] = "ventricular premature complex", ["STD_"] = "non-specific ST depression",
        ["VCLVH"] = "voltage criteria (QRS) for left ventricular hypertrophy", ["QWAVE"] = "Q waves present", ["LOWT"] = "low amplitude T-waves",
        ["NT_"] = "non-specific T-wave changes", ["PAC"] = "atrial premature complex", ["LPR"] = "prolonged PR interval",
        ["INVT"] = "inverted T-waves", ["LVOLT"] = "low QRS voltages in the frontal and horizontal leads", ["HVOLT"] = "high QRS voltage",
        ["TAB_"] = "T-wave abnormality", ["STE_"] = "non-specific ST elevation", ["PRC(S)"] = "premature complex(es)",
        ["SR"] = "sinus rhythm", ["AFIB"] = "atrial fibrillation", ["STACH"] = "sinus tachycardia", ["SARRH"] = "sinus arrhythmia",
        ["SBRAD"] = "sinus bradycardia", ["PACE"] = "normal functioning artificial pacemaker", ["SVARR"] = "supraventricular arrhythmia",
        ["BIGU"] = "bigeminal pattern (unknown origin, SV or Ventricular)", ["AFLT"] = "atrial flutter", ["SVTAC"] = "supraventricular tachycardia",
        ["PSVT"] = "paroxysmal supraventricular tachycardia", ["TRIGU"] = "trigeminal pattern (unknown origin, SV or Ventricular)",
    };

    /// <summary>The English description of <paramref name="className"/> in <paramref name="task"/> (see the remarks for the sources).</summary>
    /// <param name="className">The class code, e.g. <c>MI</c> or <c>NST_</c> (or MERL's <c>NST</c>).</param>
    /// <param name="task">The task the class belongs to.</param>
    /// <param name="statements">The SCP statements (e.g. <see cref="PtbXlDatabase.Statements"/>); null for the built-in descriptions.</param>
    public static string Describe(string className, PtbXlTask task, IReadOnlyDictionary<string, PtbXlScpStatement>? statements = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        if (task == PtbXlTask.Super) return Lookup(Superclasses, className) ?? className;
        if (task == PtbXlTask.Sub && Lookup(AggregateSubclasses, className) is { } aggregate) return aggregate;
        if (statements is not null)
        {
            var statement = statements.TryGetValue(className, out var s) ? s
                : statements.Values.FirstOrDefault(v => Bare(v.Code) == Bare(className));
            if (statement is not null && statement.Description.Length > 0) return statement.Description;
        }
        return Lookup(StatementDescriptions, className) ?? className;
    }

    /// <summary>The zero-shot classes of <paramref name="task"/> in <see cref="PtbXlDatabase.ClassNames"/> order (the order of the loaders' label slots).</summary>
    /// <param name="database">The PTB-XL metadata (class list and statement descriptions).</param>
    /// <param name="task">The task.</param>
    /// <param name="templates">Prompt templates, each containing <see cref="DescriptionPlaceholder"/>, e.g.
    /// <c>"an ECG showing {description}"</c>; each gives one prompt per class. Null for <see cref="DefaultTemplates"/>.</param>
    public static IReadOnlyList<ZeroShotClass> Classes(PtbXlDatabase database, PtbXlTask task, IReadOnlyList<string>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Classes(database.ClassNames(task), task, database.Statements, templates);
    }

    /// <summary>Zero-shot classes for <paramref name="classNames"/> (e.g. the slot names of a label column or MERL's columns), in that order.</summary>
    /// <param name="classNames">The class codes.</param>
    /// <param name="task">The task they belong to.</param>
    /// <param name="statements">The SCP statements; null for the built-in descriptions.</param>
    /// <param name="templates">Prompt templates with <see cref="DescriptionPlaceholder"/>; null for <see cref="DefaultTemplates"/>.</param>
    /// <exception cref="ArgumentException">A template lacks the placeholder, or the class list is empty or repeats a class.</exception>
    public static IReadOnlyList<ZeroShotClass> Classes(IReadOnlyList<string> classNames, PtbXlTask task,
        IReadOnlyDictionary<string, PtbXlScpStatement>? statements = null, IReadOnlyList<string>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0) throw new ArgumentException("Give at least one class.", nameof(classNames));
        var duplicate = classNames.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Class '{duplicate.Key}' is listed twice.", nameof(classNames));
        templates ??= DefaultTemplates;
        if (templates.Count == 0) throw new ArgumentException("Give at least one template.", nameof(templates));
        foreach (var t in templates)
            if (t is null || !t.Contains(DescriptionPlaceholder, StringComparison.Ordinal))
                throw new ArgumentException($"Template '{t}' does not contain {DescriptionPlaceholder}.", nameof(templates));
        return classNames.Select(name =>
        {
            var description = Describe(name, task, statements);
            return new ZeroShotClass(name, templates.Select(t => t.Replace(DescriptionPlaceholder, description, StringComparison.Ordinal)).ToArray());
        }).ToArray();
    }

    private static string? Lookup(Dictionary<string, string> table, string code)
    {
        if (table.TryGetValue(code, out var exact)) return exact;
        var bare = Bare(code);
        foreach (var (key, value) in table)
            if (Bare(key) == bare) return value;
        return null;
    }

    private static string Bare(string code) => code.Trim().Trim('_');
}
