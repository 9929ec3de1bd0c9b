using System.Text;
using System.Text.Json;
using FgClep.Datasets.Synthetic;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// The offline proposer: looks up the diagnostic statements a report names in a curated table and proposes the
/// waveform features that define or usually accompany them (a superset on purpose; the stage-1 model verifies each
/// feature against the ECG). It needs no model or network, answers instantly, and doubles as the ground-truth check
/// for language-model proposers.
/// </summary>
/// <remarks>
/// <para>The table (<c>KnowledgeBase.json</c>, embedded in the library) covers all 71 PTB-XL SCP statements, common
/// MIMIC-IV-ECG machine statements, common German and Swedish PTB-XL report phrases and the waveform findings machine
/// reports state (source <c>finding</c>, one feature each, e.g. "ST depression in II, III, aVF"); each entry has its
/// phrases, a short clinical criterion and its features (<see cref="Entries"/>). Feature names follow the synthetic
/// generator's vocabulary (<c>SyntheticWaveformFeatures</c>) wherever a feature exists there.</para>
/// <para>Matching works on normalised words (see <c>ReportWordSplitter</c>), so a phrase never fires inside another
/// word; at each position the longest phrase wins ("incomplete right bundle branch block" is not also "right bundle
/// branch block"). A statement is ignored when negated: preceded in the same clause (within five words) by "no",
/// "not", "without", "absent", "absence (of)", "kein(e)", "ohne", "inga/inget/ingen" (unless the negation is itself negated, as in "cannot be
/// excluded", "nicht auszuschliessen"), or followed by "no longer (present)", "not present", "not seen", "resolved",
/// "absent", "ausgeschlossen". Normal findings (e.g. "normal QRS axis") are dropped when the same report also yields
/// their abnormal counterpart ("left axis deviation").</para>
/// </remarks>
public sealed class KnowledgeBaseProposer : IWaveformFeatureProposer
{
    private const int NegationWindow = 5;
    private const string ResourceName = "FgClep.Enrichment.Proposers.KnowledgeBase.json";
    private static readonly Lazy<KnowledgeBaseProposer> DefaultInstance = new(() => new KnowledgeBaseProposer());
    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
        { "no", "not", "without", "absent", "absence", "kein", "keine", "keinen", "keiner", "keinerlei", "ohne", "inga", "inget", "ingen" };
    private static readonly HashSet<string> NegationCancellers = new(StringComparer.Ordinal)
        { "excluded", "exclude", "rule", "ruled", "auszuschliessen", "ausgeschlossen", "uteslutas", "uteslutet" };
    private static readonly string[][] PostNegations =
    {
        new[] { "no", "longer" }, new[] { "not", "present" }, new[] { "not", "seen" }, new[] { "resolved" },
        new[] { "absent" }, new[] { "ausgeschlossen" },
    };

    private readonly Dictionary<string, List<(string[] Words, KnowledgeBaseEntry Entry)>> _phrasesByFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _normalCounterparts = new(StringComparer.Ordinal);

    /// <summary>Loads the built-in table.</summary>
    public KnowledgeBaseProposer() : this(OpenBuiltInTable(), "knowledge-base")
    {
    }

    /// <summary>Loads a table in the format of the built-in one (for a customised table).</summary>
    /// <param name="tableJson">The JSON table: <c>{"version", "normalCounterparts", "entries": [{"code", "source", "name", "criterion", "phrases", "features"}]}</c>.</param>
    /// <param name="idPrefix">Start of <see cref="Id"/>; the table's version is appended.</param>
    /// <exception cref="InvalidDataException">The table is not valid JSON or misses a required field.</exception>
    public KnowledgeBaseProposer(Stream tableJson, string idPrefix = "knowledge-base-custom")
    {
        ArgumentNullException.ThrowIfNull(tableJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(idPrefix);
        string version;
        try
        {
            using var doc = JsonDocument.Parse(tableJson);
            var root = doc.RootElement;
            version = Required(root, "version", "table").GetString() ?? "";
            var entries = new List<KnowledgeBaseEntry>();
            int index = 0;
            foreach (var e in Required(root, "entries", "table").EnumerateArray())
            {
                var where = $"entry {index++}";
                var code = Required(e, "code", where).GetString() ?? "";
                where += $" ({code})";
                entries.Add(new KnowledgeBaseEntry(
                    code,
                    e.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "",
                    Required(e, "name", where).GetString() ?? "",
                    e.TryGetProperty("criterion", out var c) ? c.GetString() ?? "" : "",
                    Strings(Required(e, "phrases", where)),
                    Strings(Required(e, "features", where))));
            }
            Entries = entries;
            if (root.TryGetProperty("normalCounterparts", out var counterparts))
                foreach (var p in counterparts.EnumerateObject()) _normalCounterparts[p.Name] = Strings(p.Value);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The knowledge-base table is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e);
        }
        Id = $"{idPrefix}:v{version}";
        BuildIndex();
    }

    /// <summary>The shared instance over the built-in table.</summary>
    public static KnowledgeBaseProposer Default => DefaultInstance.Value;

    /// <summary><c>knowledge-base:v</c> plus the table version (so cached answers are refreshed when the table changes).</summary>
    public string Id { get; }

    /// <summary>The table's entries.</summary>
    public IReadOnlyList<KnowledgeBaseEntry> Entries { get; }

    /// <summary>
    /// Normal findings and their abnormal counterparts (e.g. "normal QRS duration" → "wide QRS complex", …): a normal
    /// finding is dropped from a proposal that also holds a counterpart.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NormalCounterparts => _normalCounterparts;

    private static Stream OpenBuiltInTable() =>
        typeof(KnowledgeBaseProposer).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from the FgClep assembly.");

    private static JsonElement Required(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"The knowledge-base table's {where} has no '{name}' field.");

    private static IReadOnlyList<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList();

    private void BuildIndex()
    {
        foreach (var entry in Entries)
        {
            foreach (var phrase in entry.Phrases.Prepend(entry.Name))
            {
                var words = ReportWordSplitter.Tokenize(phrase).Select(t => t.Text).ToArray();
                if (words.Length == 0) continue;
                if (!_phrasesByFirstWord.TryGetValue(words[0], out var list)) _phrasesByFirstWord[words[0]] = list = new();
                list.Add((words, entry));
            }
        }
        foreach (var list in _phrasesByFirstWord.Values) list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    /// <summary>The entries a report names (not negated), in order of first mention.</summary>
    /// <param name="report">The report text.</param>
    public IReadOnlyList<KnowledgeBaseEntry> Match(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tokens = ReportWordSplitter.Tokenize(report);
        var spans = new List<(int Start, int End, KnowledgeBaseEntry Entry)>();
        for (int i = 0; i < tokens.Count;)
        {
            var hit = LongestPhraseAt(tokens, i);
            if (hit is null) { i++; continue; }
            spans.Add((i, i + hit.Value.Length, hit.Value.Entry));
            i += hit.Value.Length;
        }

        var inPhrase = new bool[tokens.Count];
        foreach (var (start, end, _) in spans) for (int k = start; k < end; k++) inPhrase[k] = true;

        var matched = new List<KnowledgeBaseEntry>();
        foreach (var (start, end, entry) in spans)
            if (!IsNegated(tokens, inPhrase, start, end) && !matched.Contains(entry)) matched.Add(entry);
        return matched;
    }

    private (int Length, KnowledgeBaseEntry Entry)? LongestPhraseAt(List<ReportWordSplitter.Token> tokens, int i)
    {
        if (!_phrasesByFirstWord.TryGetValue(tokens[i].Text, out var candidates)) return null;
        foreach (var (words, entry) in candidates)
        {
            if (i + words.Length > tokens.Count) continue;
            bool all = true;
            for (int k = 1; k < words.Length && all; k++) all = tokens[i + k].Text == words[k];
            if (all) return (words.Length, entry);
        }
        return null;
    }

    private static bool IsNegated(List<ReportWordSplitter.Token> tokens, bool[] inPhrase, int start, int end)
    {
        int clause = tokens[start].Clause;
        for (int k = start - 1; k >= 0 && k >= start - NegationWindow && tokens[k].Clause == clause; k--)
        {
            if (inPhrase[k] || !Negators.Contains(tokens[k].Text)) continue;
            bool cancelled = false;
            for (int m = k + 1; m <= k + 3 && m < tokens.Count && !cancelled; m++)
                cancelled = NegationCancellers.Contains(tokens[m].Text);
            if (!cancelled) return true;
        }

        int after = end;
        if (after < tokens.Count && tokens[after].Text is "is" or "are" or "was" or "were" or "now") after++;
        foreach (var pattern in PostNegations)
        {
            bool all = after + pattern.Length <= tokens.Count;
            for (int k = 0; k < pattern.Length && all; k++)
                all = tokens[after + k].Text == pattern[k] && tokens[after + k].Clause == clause;
            if (all) return true;
        }
        return false;
    }

    /// <summary>The features of every statement the report names, de-duplicated, normal findings contradicted by an abnormal one removed.</summary>
    /// <param name="report">The report text.</param>
    public IReadOnlyList<string> ProposeFeatures(string report)
    {
        var features = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Match(report))
            foreach (var f in entry.Features)
                if (seen.Add(f)) features.Add(f);
        features.RemoveAll(f => _normalCounterparts.TryGetValue(f, out var abnormal) && abnormal.Any(seen.Contains));
        return features;
    }

    /// <summary>
    /// The features the report states itself: those of the statements it names (not negated) that define exactly one
    /// feature, such as the waveform findings machine reports print ("Left axis deviation.", "Prolonged QT interval.",
    /// "ST depression in II, III, aVF.") or a statement that is its own finding ("first degree AV block" → prolonged PR
    /// interval). <see cref="Verification.WaveformFeatureCalibration"/> learns from them what each feature looks like.
    /// A stated normal finding counts even where the proposal drops it because a diagnosis of the same report usually
    /// has its abnormal counterpart ("ST depression. Normal T waves."): the report says it.
    /// </summary>
    /// <param name="report">The report text.</param>
    public IReadOnlyList<string> StatedFeatures(string report)
    {
        var stated = new List<string>();
        foreach (var entry in Match(report))
            if (entry.Features.Count == 1 && !stated.Contains(entry.Features[0], StringComparer.OrdinalIgnoreCase)) stated.Add(entry.Features[0]);
        return stated;
    }

    /// <inheritdoc />
    /// <remarks>The raw answer is the matched codes as a comment line, then the features as a Python list.</remarks>
    public Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        cancellationToken.ThrowIfCancellationRequested();
        var features = ProposeFeatures(report);
        var raw = new StringBuilder("# matched: ").AppendJoin(", ", Match(report).Select(e => e.Code)).Append('\n').Append('[');
        for (int i = 0; i < features.Count; i++)
        {
            if (i > 0) raw.Append(", ");
            char quote = features[i].Contains('\'') ? '"' : '\'';
            raw.Append(quote).Append(features[i].Replace("\\", "\\\\").Replace(quote.ToString(), "\\" + quote)).Append(quote);
        }
        raw.Append(']');
        return Task.FromResult(new FeatureProposal(features, raw.ToString(), 0));
    }
}
