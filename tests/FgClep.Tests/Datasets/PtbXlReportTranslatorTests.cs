using System.Text;
using FgClep.Datasets.PtbXl;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class PtbXlReportTranslatorTests
{
    public TestContext TestContext { get; set; } = null!;

    private static PtbXlReportTranslator T => PtbXlReportTranslator.Default;

    [TestMethod]
    [DataRow("sinusrhythmus normales ekg", "sinus rhythm normal ecg")]
    [DataRow("sinusrhythmus periphere niederspannung", "sinus rhythm low limb lead voltage")]
    [DataRow("sinus arrhythmie linkstyp sonst normales ekg", "sinus arrhythmia left axis otherwise normal ecg")]
    [DataRow("sinusrhythmus lagetyp normal ekg normal", "sinus rhythm normal axis normal ecg")]
    [DataRow("sinusrhythmus p-verbreiterung", "sinus rhythm widened p wave")]
    [DataRow("sinusrhythmus ueberdrehter linkstyp linksanteriorer hemiblock", "sinus rhythm marked left axis deviation left anterior fascicular block")]
    [DataRow("sinusrhythmus unvollstÄndiger rechtsschenkelblock", "sinus rhythm incomplete right bundle branch block")]
    [DataRow("vorhofflimmern linksschenkelblock", "atrial fibrillation left bundle branch block")]
    [DataRow("st-senkung in v4-6, t-abflachung", "st depression in v4-6, t wave flattening")]
    [DataRow("sinusrhythmus linkstyp qt-verlÄngerung", "sinus rhythm left axis qt prolongation")]
    [DataRow("unbestätigter bericht", "unconfirmed report")]
    [DataRow("qrs(t) abnormal    septaler infarkt nicht auszuschliessen", "qrs(t) abnormal    septal infarction cannot be excluded")]
    [DataRow("inferiorer infarkt     alter unbest.", "inferior infarction     age undetermined")]
    [DataRow("mÄssige amplitudenkriterien f#r linkshypertrophie", "moderate voltage criteria for left ventricular hypertrophy")]
    [DataRow("r-s #bergang in v ableitungen nach rechts verschoben", "r-s transition zone in v leads displaced to the right")]
    [DataRow("ventrikulÄre extrasystole(n), bigeminus", "ventricular extrasystole(s), bigeminy")]
    [DataRow("av-block 1.grades pathologisch", "first degree av block pathological")]
    public void TranslatesGermanStatements(string german, string english) => Assert.AreEqual(english, T.Translate(german));

    [TestMethod]
    [DataRow("sinusrytm normalt ekg", "sinus rhythm normal ecg")]
    [DataRow("sinusrytm vÄnster el-axel inget sÄkert patologiskt", "sinus rhythm left axis no definite pathology")]
    [DataRow("sinusrytm extrem vÄnster el-axel hÖgersidigt skÄnkelblock", "sinus rhythm extreme left axis deviation right bundle branch block")]
    [DataRow("st-t sÄnkning, sÅsom vid    anterolateral ischemi eller vÄnster belastning",
        "st-t depression, as in    anterolateral ischaemia or left ventricular strain")]
    [DataRow("fÖrmaksflimmer med hÖg kammarfrekvens", "atrial fibrillation with rapid ventricular response")]
    [DataRow("ventrikulÄr(a) extrasystoli(er) fÖrmaksflimmer/-fladder", "ventricular extrasystole(s) atrial fibrillation/flutter")]
    [DataRow("sinusrytm a-v block i vÄnster el-axel", "sinus rhythm first degree av block left axis")]
    public void TranslatesSwedishStatements(string swedish, string english) => Assert.AreEqual(english, T.Translate(swedish));

    [TestMethod]
    public void LongestPhraseWinsAndWordsMatchOnlyWhole()
    {
        Assert.AreEqual("incomplete left bundle branch block", T.Translate("unvollständiger linksschenkelblock"));
        Assert.AreEqual("left bundle branch block", T.Translate("linksschenkelblock"));
        // "alt" is a phrase, but not inside "alter" or "altered"; "ekg" not inside "ekgx".
        Assert.AreEqual("probably old", T.Translate("wahrscheinlich alt"));
        Assert.AreEqual("altered ekgx", T.Translate("altered ekgx"));
    }

    [TestMethod]
    public void PunctuationInsideAPhraseMustMatch()
    {
        Assert.AreEqual("st depression", T.Translate("ST senkung"), "hyphen and space are interchangeable, case is ignored");
        Assert.AreEqual("otherwise. normal ecg", T.Translate("sonst. normales ekg"), "no phrase across a sentence break");
        Assert.AreEqual("ventricular extrasystole(s)", T.Translate("ventrikuläre extrasystole(n)"));
        Assert.AreEqual("ventricular extrasystole", T.Translate("ventrikuläre extrasystole"), "without (n) the shorter entries apply");
    }

    [TestMethod]
    [DataRow("sinus rhythm. normal ecg.")]
    [DataRow("premature ventricular contraction(s). sinus rhythm. left bundle branch block, this is most commonly due to    ischaemic heart disease.")]
    [DataRow("sinus rhythm. incomplete right bundle branch block, this is probably    a normal variant. t waves are low in ii and inverted in iii, avf.")]
    [DataRow("atrial fibrillation with rapid ventricular response. left axis deviation. prolonged qt, this may be due to a drug effect.")]
    [DataRow("trace only requested.")]
    [DataRow("rhythm is probably atrial flutter with 2:1 av block.")]
    [DataRow("ST segments wider than usual; alter the tag, in a path to the med ward (hf).")]
    [DataRow("")]
    public void EnglishPassesThroughUnchanged(string english) => Assert.AreSame(english, T.Translate(english));

    [TestMethod]
    public void FreeTextNotesAroundStatementsAreKeptOrTranslated()
    {
        var text = T.Translate("2:1 Überleitung bei vorhofflattern,jetzt unter 3x1  cordichin + 1x1 novodigal 0,2 etwas langsamer hf von 140 auf 128,sonst unverÄndert.");
        Assert.AreEqual("2:1 conduction with atrial flutter,now on 3x1  cordichin + 1x1 novodigal 0,2 somewhat slower heart rate from 140 to 128,otherwise unchanged.", text);
    }

    [TestMethod]
    public void CoverageCountsEnglishWordsOnly()
    {
        Assert.AreEqual(1.0, T.Coverage(new[] { "sinusrhythmus normales ekg", "sinus rhythm. st segments are depressed in v5,6." }));
        // Untranslated German is not English: "sinusrhythmus" and "normales" are not in the vocabulary.
        Assert.AreEqual(1.0 / 3, T.EnglishShare(new[] { "sinusrhythmus normales ekg" }), 1e-12);
        var uncovered = T.UncoveredWords(new[] { "sinusrhythmus quatschwort normales ekg quatschwort" });
        Assert.HasCount(1, uncovered);
        Assert.AreEqual(2, uncovered["quatschwort"]);
        Assert.IsTrue(double.IsNaN(T.Coverage(new[] { "", "1 2 3" })), "no word tokens");
    }

    [TestMethod]
    public void RegularEnglishInflectionsOfEnglishWordsCountAsEnglish()
    {
        var english = new[] { "infarct", "tracing", "persist", "obscure", "junction", "quick" };
        Assert.AreEqual(1.0, T.Coverage(new[] { "infarcts tracings persists obscures obscured quickly" }, english), 1e-12);
        // Not an English stem, too short a stem, or a word the table knows as German: not English.
        Assert.AreEqual(0.0, T.Coverage(new[] { "quatschworts" }, english), 1e-12);
        Assert.AreEqual(0.0, T.Coverage(new[] { "ats" }, new[] { "at" }), 1e-12);
        Assert.AreEqual(0.0, T.Coverage(new[] { "undes" }, new[] { "und" }), 1e-12);
    }

    [TestMethod]
    public void GermanAndSwedishSourceWordsAreNotInTheEnglishVocabulary()
    {
        foreach (var word in new[] { "sinusrhythmus", "normales", "linkstyp", "niederspannung", "vorhofflimmern", "sinusrytm", "vaenster", "skaenkelblock", "normalt" })
            Assert.DoesNotContain(word, T.EnglishVocabulary);
    }

    [TestMethod]
    public void CustomTablesAreCheckedOnLoad()
    {
        var good = Table("""{"version":"t","phrases":[{"source":"herzschlag","english":"heartbeat"}],"englishVocabulary":["beat"],"languageNeutral":[]}""");
        Assert.AreEqual("heartbeat", new PtbXlReportTranslator(good).Translate("Herzschlag"));
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => new PtbXlReportTranslator(Table("""{"version":"t","englishVocabulary":[],"languageNeutral":[]}""")));
        StringAssert.Contains(missing.Message, "'phrases'");
        var twice = Assert.ThrowsExactly<InvalidDataException>(() => new PtbXlReportTranslator(Table(
            """{"version":"t","phrases":[{"source":"a b","english":"x"},{"source":"A  b","english":"y"}],"englishVocabulary":[],"languageNeutral":[]}""")));
        StringAssert.Contains(twice.Message, "twice");
        var broken = Assert.ThrowsExactly<InvalidDataException>(() => new PtbXlReportTranslator(Table("{\"version\":")));
        StringAssert.Contains(broken.Message, "not valid JSON");
    }

    [TestMethod]
    public void TheBuiltInTableHasNoDeadEntries()
    {
        // Every phrase must translate itself: catches typos in the table's punctuation and shadowed entries.
        foreach (var (source, english) in T.Phrases)
            Assert.AreEqual(english, T.Translate(source), $"phrase '{source}'");
    }

    [TestMethod]
    public void CoverageOnTheRealPtbXlReportsIsHigh()
    {
        var directory = SharedData.RequireDirectory("data/ptbxl");
        // The phrase table was written from the reports of records 1-500 (see PtbXlReportTranslator's remarks), so that is
        // the corpus these thresholds hold for; HeldOutReportsAreTranslatedThroughStemsAndCompounds measures the others.
        var reports = PtbXlDatabase.Load(directory).Entries.Where(e => e.EcgId <= 500).Select(e => e.Report).Where(r => r.Length > 0).ToList();
        Assert.HasCount(499, reports, "records 1-500 have 499 non-empty reports (ecg_id 443's is a single space)");
        var changed = reports.Where(r => !ReferenceEquals(r, T.Translate(r))).ToList();
        double before = T.EnglishShare(reports), after = T.Coverage(reports);
        double changedBefore = T.EnglishShare(changed), changedAfter = T.Coverage(changed);
        var uncovered = T.UncoveredWords(reports);
        TestContext.WriteLine($"{reports.Count} reports, {changed.Count} translated; English share {before:P1} → {after:P1} (translated reports: {changedBefore:P1} → {changedAfter:P1})");
        TestContext.WriteLine("Uncovered: " + string.Join(", ", uncovered.Take(40).Select(p => $"{p.Key}×{p.Value}")));
        Assert.IsGreaterThan(200, changed.Count, "about 284 German and some Swedish reports");
        Assert.IsLessThan(0.35, changedBefore, "untranslated German/Swedish reports are mostly not English");
        Assert.IsGreaterThan(0.97, changedAfter);
        Assert.IsGreaterThan(0.98, after);
    }

    [TestMethod]
    [DataRow("sinusrhythmus abnormes ekg", "sinus rhythm abnormal ecg")]
    [DataRow("sinusrhythmus pathologisches ekg", "sinus rhythm pathological ecg")]
    [DataRow("vorhofflattern, abnorm", "atrial flutter, abnormal")]
    [DataRow("sinusrhythmus hochlateralen infarkt", "sinus rhythm high lateral infarction")]
    [DataRow("sinusrhythmus inferolaterale ischaemie", "sinus rhythm inferolateral ischaemia")]
    [DataRow("sinusrhythmus anterioren infarkt", "sinus rhythm anterior infarction")]
    [DataRow("sinusrhythmus respiratorische arrhythmie", "sinus rhythm respiratory arrhythmia")]
    [DataRow("sinusrhythmus vorhofueberbelastung", "sinus rhythm atrial overload")]
    [DataRow("sinusrhythmus vorderwandinfarkt, deszendierende st-senkung", "sinus rhythm anterior wall infarction, descending st depression")]
    [DataRow("sinusrytm misstänkt gammal infarkt lateralt", "sinus rhythm suspected old infarction lateral")]
    [DataRow("sinusrytm retledningshinder, digitalispåverkan", "sinus rhythm conduction block, digitalis effect")]
    public void InflectedAndCompoundWordsAreTranslatedInGermanAndSwedishReports(string report, string expected) =>
        Assert.AreEqual(expected, T.Translate(report));

    [TestMethod]
    [DataRow("none of the above. note the abnormes wording")]
    [DataRow("sinus rhythm, probable old infarction, noted earlier")]
    public void EnglishReportsAreNotAnalysedWordByWord(string report) =>
        Assert.AreSame(report, T.Translate(report), "no phrase matched, so no word is cut or replaced");

    [TestMethod]
    public void ShortEnglishWordsKeepTheirEndingsInAGermanReport() =>
        // "none" and "note" end in e, and "non" and "not" are English: a one-letter ending is cut only from long stems.
        Assert.AreEqual("sinus rhythm none note", T.Translate("sinusrhythmus none note"));

    [TestMethod]
    public void AHugeWordInAGermanReportIsKeptAsItIs()
    {
        // A hostile report: one 200,000-letter word after a known phrase. Compound analysis (quadratic in the length) must
        // not run on it, or this test would not finish.
        var word = new string('x', 200_000);
        Assert.AreEqual("sinus rhythm " + word, T.Translate("sinusrhythmus " + word));
    }

    [TestMethod]
    public void HeldOutReportsAreTranslatedThroughStemsAndCompounds()
    {
        var directory = SharedData.RequireDirectory("data/ptbxl");
        var vocabulary = Path.Combine(SharedData.RequireDirectory("models/bert-base-uncased"), "vocab.txt");
        // Records 1,001-1,999: the phrase table comes from records 1-500. General English words ("probable", "noted") are
        // English to the text encoder that reads the reports, so its vocabulary counts too (minus German and Swedish words).
        var reports = PtbXlDatabase.Load(directory).Entries.Where(e => e.EcgId > 1000).Select(e => e.Report).Where(r => r.Trim().Length > 0).ToList();
        var english = File.ReadLines(vocabulary).ToList();
        double coverage = T.Coverage(reports, english), tableOnly = T.Coverage(reports);
        TestContext.WriteLine($"{reports.Count} held-out reports: coverage {coverage:P2} with the encoder's vocabulary, {tableOnly:P2} with the table's words alone");
        TestContext.WriteLine("Uncovered: " + string.Join(", ", T.UncoveredWords(reports, english).Take(30).Select(p => $"{p.Key}×{p.Value}")));
        Assert.IsGreaterThanOrEqualTo(0.99, coverage);
        // German words in the encoder's vocabulary ("das" is in BERT's) never count as English.
        Assert.AreEqual(0.5, T.Coverage(new[] { "das ekg" }, new[] { "das", "ecg" }), 1e-12);
    }

    private static MemoryStream Table(string json) => new(Encoding.UTF8.GetBytes(json));
}
