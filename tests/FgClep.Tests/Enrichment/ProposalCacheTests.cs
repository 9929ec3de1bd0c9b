using System.Text;
using System.Text.Json;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;

namespace FgClep.Tests.Enrichment;

[TestClass]
public sealed class ProposalCacheTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "fgclep-cache-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string CachePath => Path.Combine(_dir, "sub", "answers.jsonl");

    private static FeatureProposal P(params string[] features) => new(features, "['" + string.Join("', '", features) + "']", 0);

    [TestMethod]
    [DataRow("  Sinus rhythm.  Normal   ECG. ", "sinus rhythm. normal ecg")]
    [DataRow("SINUS RHYTHM\n\tnormal ecg!!", "sinus rhythm normal ecg")]
    [DataRow("...", "")]
    [DataRow("", "")]
    [DataRow("(LVH)", "lvh")]
    [DataRow("Vorhofflimmern, tachykard.", "vorhofflimmern, tachykard")]
    public void NormalizesReports(string report, string expected) => Assert.AreEqual(expected, ProposalCache.NormalizeReport(report));

    [TestMethod]
    public void KeyDependsOnNormalizedReportProposerAndPromptVersion()
    {
        Assert.AreEqual(ProposalCache.Key("m", "Sinus rhythm."), ProposalCache.Key("m", "  sinus   RHYTHM"));
        Assert.AreNotEqual(ProposalCache.Key("m", "Sinus rhythm."), ProposalCache.Key("other", "Sinus rhythm."));
        Assert.AreNotEqual(ProposalCache.Key("m", "Sinus rhythm."), ProposalCache.Key("m", "Sinus bradycardia."));
        StringAssert.EndsWith(ProposalCache.Key("m", "x"), "|m|v" + EnrichmentPrompts.Version);
    }

    [TestMethod]
    public void AnswersSurviveReopening()
    {
        using (var cache = new ProposalCache(CachePath))
        {
            cache.Add("model-a", "Sinus rhythm. LVH.", P("high QRS voltage", "RSR' pattern in V1"));
            cache.Add("model-b", "Sinus rhythm. LVH.", P("other"));
            Assert.AreEqual(2, cache.Count);
        }

        using var reopened = new ProposalCache(CachePath);
        Assert.AreEqual(2, reopened.Count);
        Assert.AreEqual(0, reopened.CorruptLines);
        Assert.IsTrue(reopened.TryGet("model-a", "sinus rhythm.  lvh", out var a));
        CollectionAssert.AreEqual(new[] { "high QRS voltage", "RSR' pattern in V1" }, a.Features.ToArray());
        Assert.IsTrue(reopened.TryGet("model-b", "Sinus rhythm. LVH.", out var b));
        CollectionAssert.AreEqual(new[] { "other" }, b.Features.ToArray());
        Assert.IsFalse(reopened.TryGet("model-c", "Sinus rhythm. LVH.", out _));
    }

    [TestMethod]
    public void WritesOneFlushedJsonLinePerAnswer()
    {
        using var cache = new ProposalCache(CachePath);
        cache.Add("m", "Report one", P("a"));
        cache.Add("m", "Report two", P("b", "c"));

        // Read while the cache is still open: every answer must already be on disk.
        using var reader = new FileStream(CachePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(reader).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines);
        using var doc = JsonDocument.Parse(lines[1]);
        var root = doc.RootElement;
        Assert.AreEqual(ProposalCache.Key("m", "Report two"), root.GetProperty("key").GetString());
        Assert.AreEqual("Report two", root.GetProperty("report").GetString());
        Assert.AreEqual(2, root.GetProperty("features").GetArrayLength());
        Assert.AreEqual("['b', 'c']", root.GetProperty("raw").GetString());
        Assert.IsTrue(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), out _));
    }

    [TestMethod]
    public void TornLastLineIsSkippedAndCutAway()
    {
        using (var cache = new ProposalCache(CachePath))
        {
            cache.Add("m", "first", P("a"));
            cache.Add("m", "second", P("b"));
        }
        // A crash in the middle of writing the third line.
        var full = File.ReadAllBytes(CachePath);
        var third = Encoding.UTF8.GetBytes("{\"key\":\"" + ProposalCache.Key("m", "third") + "\",\"report\":\"third\",\"feat");
        File.WriteAllBytes(CachePath, full.Concat(third).ToArray());

        using (var cache = new ProposalCache(CachePath))
        {
            Assert.AreEqual(2, cache.Count);
            Assert.AreEqual(1, cache.CorruptLines);
            Assert.IsFalse(cache.TryGet("m", "third", out _));
            Assert.AreEqual(full.Length, new FileInfo(CachePath).Length, "the torn line is cut away");
            cache.Add("m", "third", P("c"));
        }

        using var reopened = new ProposalCache(CachePath);
        Assert.AreEqual(3, reopened.Count);
        Assert.AreEqual(0, reopened.CorruptLines);
        Assert.IsTrue(reopened.TryGet("m", "third", out var c));
        Assert.AreEqual("c", c.Features[0]);
    }

    [TestMethod]
    public void CompleteLastLineWithoutNewlineIsKeptAndEnded()
    {
        using (var cache = new ProposalCache(CachePath)) cache.Add("m", "first", P("a"));
        var text = File.ReadAllText(CachePath).TrimEnd('\n');
        File.WriteAllText(CachePath, text);

        using (var cache = new ProposalCache(CachePath))
        {
            Assert.AreEqual(1, cache.Count);
            Assert.AreEqual(0, cache.CorruptLines);
            cache.Add("m", "second", P("b"));
        }
        var lines = File.ReadAllLines(CachePath);
        Assert.HasCount(2, lines);
        foreach (var line in lines) JsonDocument.Parse(line).Dispose();
    }

    [TestMethod]
    public void GarbledLinesInTheMiddleAreCountedAndSkipped()
    {
        using (var cache = new ProposalCache(CachePath)) cache.Add("m", "first", P("a"));
        File.AppendAllText(CachePath, "this is not json\n{\"key\": 5}\n\n");
        using (var cache = new ProposalCache(CachePath)) cache.Add("m", "second", P("b"));

        using var reopened = new ProposalCache(CachePath);
        Assert.AreEqual(2, reopened.Count);
        Assert.AreEqual(2, reopened.CorruptLines);
        Assert.IsTrue(reopened.TryGet("m", "second", out _));
    }

    [TestMethod]
    public void LaterLinesWin()
    {
        using (var cache = new ProposalCache(CachePath))
        {
            cache.Add("m", "r", P("old"));
            cache.Add("m", "R.", P("new"));
            Assert.AreEqual(1, cache.Count);
        }
        using var reopened = new ProposalCache(CachePath);
        Assert.IsTrue(reopened.TryGet("m", "r", out var p));
        Assert.AreEqual("new", p.Features[0]);
    }

    [TestMethod]
    public void ConcurrentAddsAllLand()
    {
        using (var cache = new ProposalCache(CachePath))
            Parallel.For(0, 200, i => cache.Add("m", $"report {i}", P($"feature {i}")));
        using var reopened = new ProposalCache(CachePath);
        Assert.AreEqual(200, reopened.Count);
        Assert.AreEqual(0, reopened.CorruptLines);
        Assert.HasCount(200, File.ReadAllLines(CachePath));
    }

    [TestMethod]
    public void SecondWriterIsRefusedWithAClearMessage()
    {
        using var cache = new ProposalCache(CachePath);
        var e = Assert.ThrowsExactly<IOException>(() => new ProposalCache(CachePath));
        StringAssert.Contains(e.Message, CachePath);
    }
}
