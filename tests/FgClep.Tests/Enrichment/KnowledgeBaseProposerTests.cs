using System.Collections;
using System.Reflection;
using System.Text;
using FgClep.Datasets.Synthetic;
using FgClep.Enrichment.Proposers;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Enrichment;

[TestClass]
public sealed class KnowledgeBaseProposerTests
{
    private static KnowledgeBaseProposer Kb => KnowledgeBaseProposer.Default;

    // The synthetic generator's feature vocabulary (SyntheticWaveformFeatures), spelled as there.
    private const string UprightP = "upright P waves in lead II", AbsentP = "absent P waves", Fibrillatory = "fibrillatory waves",
        RegularRr = "regular RR intervals", IrregularRr = "irregularly irregular RR intervals", SlowRate = "heart rate below 60 bpm",
        FastRate = "heart rate above 100 bpm", NormalPr = "normal PR interval", ProlongedPr = "prolonged PR interval",
        NormalQrsDuration = "normal QRS duration", WideQrs = "wide QRS complex", RsrV1 = "RSR' pattern in V1",
        WideLateralS = "wide S waves in lateral leads", NotchedLateralR = "broad notched R waves in lateral leads", QsV1 = "QS complex in V1",
        AbsentSeptalQ = "absent septal Q waves in lateral leads", Discordant = "discordant ST-T changes", NormalAxis = "normal QRS axis",
        LeftAxis = "left axis deviation", RightAxis = "right axis deviation", HighVoltage = "high QRS voltage",
        LowLimb = "QRS amplitude below 0.5 mV in limb leads", LowPrecordial = "QRS amplitude below 1 mV in precordial leads",
        AnteriorQ = "pathological Q waves in anterior leads", InferiorQ = "pathological Q waves in inferior leads",
        AnteriorSte = "ST segment elevation in anterior leads", InferiorSte = "ST segment elevation in inferior leads",
        LateralStd = "ST segment depression in lateral leads", InferiorStd = "ST segment depression in inferior leads",
        NormalSt = "normal ST segments", LateralTi = "inverted T waves in lateral leads", AnteriorTi = "inverted T waves in anterior leads",
        InferiorTi = "inverted T waves in inferior leads", NormalT = "normal T waves", ProlongedQt = "prolonged QT interval",
        NormalQt = "normal QT interval", PrematureWide = "premature wide QRS complexes", CompensatoryPause = "compensatory pause";

    /// <summary>Per synthetic condition: its report phrasings and the features the generator can give it.</summary>
    private static readonly Dictionary<string, (string[] Phrasings, string[] Features)> SyntheticConditions = new()
    {
        ["normal sinus rhythm"] = (new[] { "Sinus rhythm. Normal ECG.", "Normal sinus rhythm. Normal electrocardiogram.", "Sinus rhythm. Within normal limits." },
            new[] { UprightP, RegularRr, NormalPr, NormalQrsDuration, NormalAxis, NormalSt, NormalT, NormalQt }),
        ["sinus bradycardia"] = (new[] { "Sinus bradycardia." }, new[] { SlowRate, UprightP, RegularRr }),
        ["sinus tachycardia"] = (new[] { "Sinus tachycardia." }, new[] { FastRate, UprightP, RegularRr }),
        ["atrial fibrillation"] = (new[] { "Atrial fibrillation.", "Rhythm: atrial fibrillation.", "Atrial fibrillation present." },
            new[] { AbsentP, IrregularRr, Fibrillatory, FastRate }),
        ["first-degree AV block"] = (new[] { "First degree AV block.", "1st degree atrioventricular block.", "First-degree atrioventricular block." },
            new[] { ProlongedPr }),
        ["right bundle branch block"] = (new[] { "Right bundle branch block.", "Complete right bundle branch block.", "RBBB." },
            new[] { RsrV1, WideLateralS, WideQrs, RightAxis, AnteriorTi }),
        ["left bundle branch block"] = (new[] { "Left bundle branch block.", "Complete left bundle branch block.", "LBBB." },
            new[] { NotchedLateralR, QsV1, AbsentSeptalQ, Discordant, WideQrs, LeftAxis, LateralStd, LateralTi, AnteriorSte, InferiorStd, InferiorTi, InferiorSte }),
        ["left ventricular hypertrophy"] = (new[] { "Left ventricular hypertrophy.", "LVH.", "Consistent with left ventricular hypertrophy." },
            new[] { HighVoltage, LeftAxis, LateralStd, LateralTi, InferiorStd, InferiorTi }),
        ["anterior myocardial infarction"] = (new[] { "Anterior myocardial infarction.", "Anterior infarct.", "Anterior wall myocardial infarction." },
            new[] { AnteriorQ, AnteriorSte, AnteriorTi, LateralTi }),
        ["inferior myocardial infarction"] = (new[] { "Inferior myocardial infarction.", "Inferior infarct.", "Inferior wall myocardial infarction." },
            new[] { InferiorQ, InferiorSte, InferiorTi, LateralStd, LeftAxis }),
        ["ST depression"] = (new[] { "Nonspecific ST depression.", "ST depression, consider ischemia.", "Possible myocardial ischemia." },
            new[] { LateralStd, InferiorStd, LateralTi, InferiorTi, AnteriorTi }),
        ["T-wave inversion"] = (new[] { "T-wave inversion.", "Nonspecific T wave abnormality.", "T wave abnormality, consider ischemia." },
            new[] { LateralTi, AnteriorTi, InferiorTi }),
        ["low QRS voltage"] = (new[] { "Low QRS voltage.", "Low voltage QRS.", "Low voltage." }, new[] { LowLimb, LowPrecordial }),
        ["premature ventricular complexes"] = (new[] { "Premature ventricular complexes.", "Ventricular premature beats.", "Ventricular ectopy.", "Ventricular bigeminy." },
            new[] { PrematureWide, CompensatoryPause }),
        ["long QT"] = (new[] { "Long QT.", "QT prolongation.", "Long QT interval." }, new[] { ProlongedQt }),
    };

    private static string[] Codes(string report) => Kb.Match(report).Select(e => e.Code).ToArray();

    [TestMethod]
    public void EveryPtbXlStatementIsInTheTableAndItsDescriptionYieldsFeatures()
    {
        var path = SharedData.RequireFile("data/ptbxl/scp_statements.csv");
        using var csv = CsvReader.Open(path);
        int statements = 0;
        while (csv.Read())
        {
            var code = csv[csv.Header[0]];
            var description = csv["description"];
            statements++;
            var entry = Kb.Entries.SingleOrDefault(e => e.Code == code);
            Assert.IsNotNull(entry, $"SCP statement {code} is missing from the table");
            Assert.AreEqual("scp", entry.Source, code);
            CollectionAssert.Contains(Codes(description), code, $"'{description}' should match {code}");
            Assert.IsNotEmpty(Kb.ProposeFeatures(description), $"'{description}' ({code}) yields no feature");
        }
        Assert.AreEqual(71, statements);
    }

    [TestMethod]
    public void EveryEntryIsDocumented()
    {
        Assert.IsGreaterThanOrEqualTo(71, Kb.Entries.Count);
        Assert.HasCount(Kb.Entries.Count, Kb.Entries.Select(e => e.Code).Distinct());
        foreach (var e in Kb.Entries)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(e.Criterion), $"{e.Code} has no criterion");
            Assert.IsFalse(string.IsNullOrWhiteSpace(e.Name), e.Code);
            if (e.Features.Count == 0) StringAssert.Contains(e.Criterion, "Summary statement", $"{e.Code} has no features");
        }
    }

    [TestMethod]
    public void LvhProposesItsUsualFeatures()
    {
        var features = Kb.ProposeFeatures("Sinus rhythm. Left ventricular hypertrophy.");
        foreach (var f in new[] { HighVoltage, LateralStd, LateralTi, LeftAxis, UprightP }) CollectionAssert.Contains(features.ToList(), f);
        Assert.HasCount(features.Count, features.Distinct(StringComparer.OrdinalIgnoreCase));
    }

    [TestMethod]
    [DataRow("No evidence of infarction.", "")]
    [DataRow("Sinus rhythm without ST elevation.", "SR")]
    [DataRow("Sinus rhythm. Not atrial fibrillation.", "SR")]
    [DataRow("Atrial fibrillation not present.", "")]
    [DataRow("Left bundle branch block is no longer present.", "")]
    [DataRow("There is no ECG evidence to suggest pericarditis.", "")]
    [DataRow("No definite evidence of ischaemia or rhythm disturbance.", "")]
    [DataRow("Sinusrhythmus normales EKG, insbes. kein neg T über der Brustwand.", "SR|NORM")]
    [DataRow("Anteroseptal infarct cannot be excluded.", "ASMI")]
    [DataRow("Old anteroseptal infarct can not be excluded.", "ASMI")]
    [DataRow("Septaler Infarkt nicht auszuschliessen.", "ASMI")]
    [DataRow("No ST elevation. Left bundle branch block.", "CLBBB")]
    [DataRow("Absent septal Q waves. Left bundle branch block.", "F_NOSEPQ|CLBBB")]
    [DataRow("Absence of Q waves in lateral leads.", "")]
    [DataRow("Q waves in lateral leads.", "QWAVE")]
    public void NegatedStatementsDoNotFire(string report, string expectedCodes)
    {
        var want = expectedCodes.Length == 0 ? Array.Empty<string>() : expectedCodes.Split('|');
        CollectionAssert.AreEquivalent(want, Codes(report), $"{report} → {string.Join(",", Codes(report))}");
    }

    [TestMethod]
    public void NegatedFeaturesAreNotProposed()
    {
        var features = Kb.ProposeFeatures("Sinus rhythm without ST elevation.");
        Assert.IsFalse(features.Any(f => f.Contains("elevation", StringComparison.Ordinal)));
        Assert.IsEmpty(Kb.ProposeFeatures("No evidence of infarction."));
    }

    [TestMethod]
    [DataRow("Incomplete right bundle branch block.", "IRBBB")]
    [DataRow("Left anterior fascicular block.", "LAFB")]
    [DataRow("Spacing artefact in lead V5; paced later?", "")]
    [DataRow("Sinusrhythmus", "SR")]
    [DataRow("lafbx lbbbbx rbbbx", "")]
    [DataRow("Pacemaker EKG", "PACE")]
    public void MatchesWholeWordsAndPrefersTheLongestPhrase(string report, string expectedCodes)
    {
        var want = expectedCodes.Length == 0 ? Array.Empty<string>() : expectedCodes.Split('|');
        CollectionAssert.AreEquivalent(want, Codes(report), $"{report} → {string.Join(",", Codes(report))}");
    }

    [TestMethod]
    [DataRow("sinusrhythmus", "SR")]
    [DataRow("linkstyp", "AXN")]
    [DataRow("überdrehter Linkstyp", "LAD")]
    [DataRow("ueberdrehter linkstyp", "LAD")]
    [DataRow("tachykardes Vorhofflimmern", "AFIB")]
    [DataRow("Linksschenkelblock", "CLBBB")]
    [DataRow("Rechtsschenkelblock", "CRBBB")]
    [DataRow("unvollstÄndiger Rechtsschenkelblock", "IRBBB")]
    [DataRow("EKG normal", "NORM")]
    [DataRow("sonst normales EKG", "NORM")]
    [DataRow("ST-Senkung II III aVF", "STD_")]
    [DataRow("T-Negativierung V4-V6", "INVT")]
    [DataRow("periphere Niederspannung", "LOWLIMB")]
    [DataRow("linksanteriorer Hemiblock", "LAFB")]
    [DataRow("QT-Verlängerung", "LNGQT")]
    [DataRow("AV-Block 1. Grades", "1AVB")]
    [DataRow("Sinusbradykardie", "SBRAD")]
    [DataRow("ventrikuläre Extrasystole(n)", "PVC")]
    [DataRow("Linkshypertrophie", "LVH")]
    [DataRow("inferiorer Infarkt alter unbest.", "IMI")]
    [DataRow("anteroseptaler Myokardschaden", "INJAS")]
    [DataRow("P-sinistrocardiale", "LAO/LAE")]
    [DataRow("Vorhofflattern", "AFLT")]
    [DataRow("sinusrytm vänster el-axel", "SR|LAD")]
    public void UnderstandsGermanAndSwedishPtbXlPhrases(string report, string expectedCodes) =>
        CollectionAssert.AreEquivalent(expectedCodes.Split('|'), Codes(report), $"{report} → {string.Join(",", Codes(report))}");

    [TestMethod]
    [DataRow("Sinus rhythm", "SR")]
    [DataRow("Left axis deviation", "LAD")]
    [DataRow("Possible anterior infarct - age undetermined", "AMI")]
    [DataRow("Septal infarct - age undetermined", "ASMI")]
    [DataRow("Inferior infarct, age undetermined", "IMI")]
    [DataRow("Borderline ECG", "BORD")]
    [DataRow("Abnormal ECG", "ABN")]
    [DataRow("Atrial fibrillation with rapid ventricular response", "AFIB")]
    [DataRow("Left ventricular hypertrophy with repolarization abnormality", "LVH")]
    [DataRow("Nonspecific ST and T wave abnormality", "NST_")]
    [DataRow("Prolonged QT interval", "LNGQT")]
    [DataRow("Low QRS voltages in precordial leads", "LOWPREC")]
    [DataRow("Premature ventricular contractions", "PVC")]
    [DataRow("1st degree AV block", "1AVB")]
    [DataRow("Poor R wave progression - probable normal variant", "PRWP")]
    [DataRow("Left atrial enlargement", "LAO/LAE")]
    [DataRow("Paced rhythm", "PACE")]
    [DataRow("Sinus bradycardia", "SBRAD")]
    [DataRow("Right bundle branch block", "CRBBB")]
    public void UnderstandsMimicMachineStatements(string report, string expectedCodes) =>
        CollectionAssert.AreEquivalent(expectedCodes.Split('|'), Codes(report), $"{report} → {string.Join(",", Codes(report))}");

    [TestMethod]
    public void AbnormalFindingsRemoveTheirNormalCounterparts()
    {
        var features = Kb.ProposeFeatures("Sinus rhythm. Left axis deviation. Otherwise normal ECG.");
        CollectionAssert.Contains(features.ToList(), LeftAxis);
        CollectionAssert.DoesNotContain(features.ToList(), NormalAxis);
        CollectionAssert.Contains(features.ToList(), NormalQt, "unrelated normal findings stay");
    }

    [TestMethod]
    public void EverySyntheticConditionPhrasingYieldsTheConditionsFeatures()
    {
        foreach (var (condition, (phrasings, features)) in SyntheticConditions)
            foreach (var phrasing in phrasings)
            {
                var proposed = Kb.ProposeFeatures(phrasing);
                foreach (var f in features)
                    CollectionAssert.Contains(proposed.ToList(), f, $"{condition}: '{phrasing}' → [{string.Join(", ", proposed)}]");
            }
    }

    [TestMethod]
    public void EctopyRemovesRegularRhythm() =>
        CollectionAssert.DoesNotContain(Kb.ProposeFeatures("Sinus rhythm. Ventricular bigeminy.").ToList(), RegularRr);

    [TestMethod]
    public void CombinedSyntheticReportsKeepEveryConditionsFeatures()
    {
        var proposed = Kb.ProposeFeatures("Sinus tachycardia. First degree AV block. LBBB. Long QT interval.");
        foreach (var condition in new[] { "sinus tachycardia", "first-degree AV block", "left bundle branch block", "long QT" })
            foreach (var f in SyntheticConditions[condition].Features)
                CollectionAssert.Contains(proposed.ToList(), f, condition);
    }

    [TestMethod]
    public void SyntheticVocabularyAndConditionsMatchTheGenerator()
    {
        var vocabulary = StaticList("FgClep.Datasets.Synthetic.SyntheticWaveformFeatures", "All");
        var conditions = StaticList("FgClep.Datasets.Synthetic.SyntheticEcgConditions", "All");
        if (vocabulary is null || conditions is null) Assert.Inconclusive("The synthetic generator's vocabulary is not in this build yet.");

        foreach (var f in SyntheticConditions.Values.SelectMany(c => c.Features))
            CollectionAssert.Contains(vocabulary, f, "feature spelled differently from the generator");
        CollectionAssert.AreEquivalent(conditions, SyntheticConditions.Keys.ToList(), "a generator condition without expectations here");
        var tableFeatures = Kb.Entries.SelectMany(e => e.Features).Distinct().ToList();
        foreach (var f in vocabulary!) CollectionAssert.Contains(tableFeatures, f, "a generator feature the table never proposes");
    }

    [TestMethod]
    public void GeneratorReportPhrasingsYieldTheConditionsFeatures()
    {
        var writer = Type.GetType("FgClep.Datasets.Synthetic.SyntheticReportWriter, FgClep");
        var phrases = writer?.GetField("Phrases", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as IDictionary;
        if (phrases is null) Assert.Inconclusive("The synthetic report writer is not in this build yet.");
        foreach (DictionaryEntry entry in phrases!)
        {
            var condition = (string)entry.Key;
            Assert.IsTrue(SyntheticConditions.ContainsKey(condition), condition);
            foreach (var phrasing in (string[])entry.Value!)
            {
                var proposed = Kb.ProposeFeatures(phrasing);
                foreach (var f in SyntheticConditions[condition].Features)
                    CollectionAssert.Contains(proposed.ToList(), f, $"{condition}: '{phrasing}'");
            }
        }
    }

    [TestMethod]
    public void EveryPhraseOfEveryEntryMatchesThatEntry()
    {
        // Two entries sharing a phrase would leave it to the sort order which one a report names.
        foreach (var entry in Kb.Entries)
            foreach (var phrase in entry.Phrases.Prepend(entry.Name))
                Assert.AreEqual(entry.Code, Codes(phrase).FirstOrDefault(), $"'{phrase}' of {entry.Code} → [{string.Join(",", Codes(phrase))}]");
    }

    [TestMethod]
    public void GeneratorFindingStatementsAreProposedAndRecognisedAsStated()
    {
        // Phrasings that are also a diagnosis in the table (e.g. "Anterior ST elevation" names anterior STEMI) propose more
        // than the finding, so they do not count as stating it alone.
        var diagnoses = new HashSet<string> { "Anterior ST elevation", "Inferior ST elevation", "Lateral ST depression", "Inferior ST depression", "Bigeminal pattern" };
        foreach (var (feature, phrasings) in SyntheticFeatureStatements.Phrasings)
            foreach (var phrasing in phrasings)
            {
                var report = $"Sinus rhythm. {phrasing}.";
                CollectionAssert.Contains(Kb.ProposeFeatures(report).ToList(), feature, $"'{phrasing}' → [{string.Join(", ", Kb.ProposeFeatures(report))}]");
                var stated = Kb.StatedFeatures(phrasing + ".");
                if (diagnoses.Contains(phrasing)) Assert.IsEmpty(stated, phrasing);
                else CollectionAssert.AreEqual(new[] { feature }, stated.ToArray(), $"'{phrasing}' → [{string.Join(", ", stated)}]");
            }
    }

    [TestMethod]
    public void StatedFeaturesAreThoseOfStatementsThatDefineOneFeatureAndAreNotNegated()
    {
        CollectionAssert.AreEqual(new[] { LeftAxis, ProlongedPr, LateralStd },
            Kb.StatedFeatures("Sinus rhythm. Left axis deviation. First degree AV block. ST depression in I, aVL, V5-V6. No Q waves in V1-V4. LVH.").ToArray());
        Assert.IsEmpty(Kb.StatedFeatures("Left bundle branch block. No ST elevation in inferior leads."), "a diagnosis states no single finding");
        CollectionAssert.AreEqual(new[] { WideQrs }, Kb.StatedFeatures("Wide QRS. QRS widening.").ToArray(), "each feature once");
        const string contradicted = "ST depression. Normal T waves.";
        CollectionAssert.DoesNotContain(Kb.ProposeFeatures(contradicted).ToList(), NormalT, "the diagnosis's usual inverted T waves prune it");
        CollectionAssert.AreEqual(new[] { NormalT }, Kb.StatedFeatures(contradicted).ToArray(), "but the report says it");
    }

    private static List<string>? StaticList(string typeName, string property) =>
        (Type.GetType(typeName + ", FgClep")?.GetProperty(property, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IEnumerable<string>)?.ToList();

    [TestMethod]
    public async Task RawAnswerParsesBackToTheSameFeatures()
    {
        var proposal = await Kb.ProposeAsync("Sinus rhythm. RBBB. LVH. Wolff-Parkinson-White.");
        Assert.IsNotEmpty(proposal.Features);
        CollectionAssert.Contains(proposal.Features.ToList(), RsrV1);
        var parsed = FeatureListParser.Parse(proposal.RawAnswer);
        CollectionAssert.AreEqual(proposal.Features.ToArray(), parsed.Items.ToArray());
        StringAssert.StartsWith(proposal.RawAnswer, "# matched: SR, CRBBB, LVH, WPW");
        StringAssert.StartsWith(Kb.Id, "knowledge-base:v");
    }

    [TestMethod]
    public void UnknownReportsGiveNoFeatures() => Assert.IsEmpty(Kb.ProposeFeatures("Trace only requested."));

    [TestMethod]
    public void CustomTablesLoadAndBadTablesFailClearly()
    {
        const string table = """{"version":"7","entries":[{"code":"X","name":"zebra pattern","phrases":["zebra"],"features":["stripes"]}]}""";
        var custom = new KnowledgeBaseProposer(new MemoryStream(Encoding.UTF8.GetBytes(table)), "zoo");
        Assert.AreEqual("zoo:v7", custom.Id);
        CollectionAssert.AreEqual(new[] { "stripes" }, custom.ProposeFeatures("A Zebra.").ToArray());

        var missing = Assert.ThrowsExactly<InvalidDataException>(() =>
            new KnowledgeBaseProposer(new MemoryStream(Encoding.UTF8.GetBytes("""{"version":"1","entries":[{"code":"Y","name":"n","phrases":[]}]}"""))));
        StringAssert.Contains(missing.Message, "entry 0 (Y)");
        StringAssert.Contains(missing.Message, "features");
        var broken = Assert.ThrowsExactly<InvalidDataException>(() => new KnowledgeBaseProposer(new MemoryStream(Encoding.UTF8.GetBytes("{\"version\": "))));
        StringAssert.Contains(broken.Message, "not valid JSON");
    }
}
