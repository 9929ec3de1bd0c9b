namespace FgClep.IO;

/// <summary>The standard 12-lead order and the aliases used for lead names in the wild.</summary>
public static class StandardLeads
{
    /// <summary>I, II, III, aVR, aVL, aVF, V1–V6: the order every model input uses.</summary>
    public static IReadOnlyList<string> Twelve { get; } = new[] { "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6" };

    private static readonly Dictionary<string, string> Aliases = BuildAliases();

    private static Dictionary<string, string> BuildAliases()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var lead in Twelve) map[lead] = lead;
        void Add(string canonical, params string[] names) { foreach (var n in names) map[n] = canonical; }
        Add("I", "L1", "LI", "LEAD I", "LEADI", "ECG I", "1");
        Add("II", "L2", "LII", "LEAD II", "LEADII", "ECG II", "MLII", "2");
        Add("III", "L3", "LIII", "LEAD III", "LEADIII", "ECG III", "3");
        Add("aVR", "AVR", "-AVR", "LEAD AVR");
        Add("aVL", "AVL", "LEAD AVL");
        Add("aVF", "AVF", "LEAD AVF");
        for (int i = 1; i <= 6; i++) Add($"V{i}", $"V{i}", $"C{i}", $"LEAD V{i}", $"ECG V{i}", $"MLV{i}");
        return map;
    }

    /// <summary>Maps a lead name or alias (case-insensitive, spaces and underscores ignored at the ends) to its standard name.</summary>
    /// <returns>True when <paramref name="name"/> names one of the 12 standard leads.</returns>
    public static bool TryNormalize(string name, out string standardName)
    {
        standardName = "";
        if (string.IsNullOrWhiteSpace(name)) return false;
        var key = name.Trim().Replace('_', ' ');
        if (Aliases.TryGetValue(key, out var found) || Aliases.TryGetValue(key.Replace(" ", ""), out found))
        {
            standardName = found;
            return true;
        }
        return false;
    }
}
