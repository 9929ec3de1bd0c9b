using FgClep.Enrichment.Proposers;

namespace FgClep.Tests.Enrichment;

[TestClass]
public sealed class FeatureListParserTests
{
    private static object[] C(string answer, string expected, int unparsed = 0, bool found = true) =>
        new object[] { answer, expected, unparsed, found };

    public static IEnumerable<object[]> Replies => new[]
    {
        C("['absent P waves', 'irregular RR intervals']", "absent P waves|irregular RR intervals"),
        C("[\"ST elevation\", \"Q waves\"]", "ST elevation|Q waves"),
        C("Here is the list:\n```python\nfeatures = [\n    'ST elevation in V1-V4',\n    'T wave inversion',\n]\n```", "ST elevation in V1-V4|T wave inversion"),
        C("```json\n[\"high QRS voltage\", \"left axis deviation\"]\n```", "high QRS voltage|left axis deviation"),
        C(@"['RSR\' pattern in V1', 'wide QRS']", "RSR' pattern in V1|wide QRS"),
        C("['RSR' pattern in V1', 'wide QRS complex']", "RSR' pattern in V1|wide QRS complex"),
        C("[\"RSR' pattern in V1\", \"notched R\"]", "RSR' pattern in V1|notched R"),
        C("['the \"M\" shaped QRS', 'slurred S']", "the \"M\" shaped QRS|slurred S"),
        C("['ST elevation', 'st elevation', 'ST Elevation ']", "ST elevation"),
        C("['', '  ', 'Q waves']", "Q waves"),
        C("['" + new string('x', 150) + "', 'short item']", "short item", 1),
        C("['a wave', 42, None, 'b wave']", "a wave|b wave", 2),
        C("['delta wave', 'short PR', 'wide QR", "delta wave|short PR", 1),
        C("['delta wave', 'short PR',", "delta wave|short PR"),
        C("[\n 'absent P waves',  # rhythm\n 'wide QRS'  # morphology\n]", "absent P waves|wide QRS"),
        C("[['absent P waves', 'f waves'], ['irregular RR']]", "absent P waves|f waves|irregular RR"),
        C("[('peaked T waves'), ('U waves')]", "peaked T waves|U waves"),
        C("[{'feature': 'ST depression'}, 'T inversion']", "T inversion", 1),
        C("{\"features\": [\"tall R in V1\", \"right axis deviation\"]}", "tall R in V1|right axis deviation"),
        C("Rhythm: ['absent P waves', 'irregular RR']\nMorphology: ['wide QRS', 'absent P waves']", "absent P waves|irregular RR|wide QRS"),
        C("- Absent P waves\n- Irregular RR intervals\n", "Absent P waves|Irregular RR intervals"),
        C("* ST elevation\n* Reciprocal ST depression", "ST elevation|Reciprocal ST depression"),
        C("• Low QRS voltage\n• Electrical alternans", "Low QRS voltage|Electrical alternans"),
        C("1. Prolonged PR interval\n2. Normal QRS\n3. Normal QT", "Prolonged PR interval|Normal QRS|Normal QT"),
        C("1) Delta wave\n2) Short PR interval", "Delta wave|Short PR interval"),
        C("(1) Sawtooth flutter waves\n(2) Regular ventricular rate", "Sawtooth flutter waves|Regular ventricular rate"),
        C("1. **ST elevation**: indicates acute injury of the myocardium\n2. **Q waves** - sign of necrosis", "ST elevation|Q waves"),
        C("- QT interval: prolonged\n- PR interval: normal", "QT interval: prolonged|PR interval: normal"),
        C("Rhythm:\n- absent P waves\n- irregular RR\nMorphology:\n- narrow QRS", "absent P waves|irregular RR|narrow QRS"),
        C("- **Rhythm:**\n  - absent P waves\n  - irregular RR", "absent P waves|irregular RR"),
        C("The ECG most likely shows ST elevation in the anterior leads.", "", 1, false),
        C("", "", 0, false),
        C("   \n\t ", "", 0, false),
        C("[ST elevation, Q waves, T wave inversion]", "ST elevation|Q waves|T wave inversion"),
        C("See [1] for details.\n- tall R waves\n- deep S waves", "tall R waves|deep S waves"),
        C("Features [as requested]:\n['wide QRS', 'no P waves']", "wide QRS|no P waves"),
        C("[“ST elevation”, “Q waves”]", "ST elevation|Q waves"),
        C("[‘notched P’, ‘long P wave’]", "notched P|long P wave"),
        C("[u'bifid P waves', r'P mitrale']", "bifid P waves|P mitrale"),
        C("['''inverted T waves''', \"\"\"ST depression\"\"\"]", "inverted T waves|ST depression"),
        C(@"['ST\nelevation', 'b\tc wave']", "ST elevation|b c wave"),
        C(@"[""\u0394 wave"", ""short PR""]", "Δ wave|short PR"),
        C("['U waves' 'flat T waves']", "U waves|flat T waves"),
        C("['ST elevation.', 'Q waves;']", "ST elevation|Q waves"),
        C("['**ST elevation**', '`Q waves`']", "ST elevation|Q waves"),
        C("Sure! Here's a Python list:\n\n```python\nwaveform_features = [\"Absent P waves\", \"Fibrillatory waves\", \"Irregularly irregular RR intervals\", \"Narrow QRS complexes\"]\n```\n\nThese features are characteristic of atrial fibrillation.",
            "Absent P waves|Fibrillatory waves|Irregularly irregular RR intervals|Narrow QRS complexes"),
        C("- ST depression\r\n- T inversion\r\n", "ST depression|T inversion"),
        C("- Rhythm\n  - absent P waves\n  - irregular RR", "Rhythm|absent P waves|irregular RR"),
        C("1.5 mV is a high voltage\n2. tall R waves", "tall R waves"),
        C("- \"ST elevation\".\n- 'Q waves',", "ST elevation|Q waves"),
        C("[1, 2, 3]", "", 1, false),
        C("[None]", "", 1, false),
        C("The following features fit the report.\n\n['Left axis deviation', 'qR in aVL', 'rS in II, III, aVF']", "Left axis deviation|qR in aVL|rS in II, III, aVF"),
        C("['Wolff-Parkinson-White's delta wave', 'short PR']", "Wolff-Parkinson-White's delta wave|short PR"),
        C("['ST elevation [V1-V4]', 'Q waves']", "ST elevation [V1-V4]|Q waves"),
        C(@"[""the \""M\"" pattern"", ""notched R""]", "the \"M\" pattern|notched R"),
        C("- ST depression - often reflects subendocardial ischemia in the lateral leads\n- flat T waves", "ST depression|flat T waves"),
        C("Answer:[ 'wide QRS' ,'notched R' ]", "wide QRS|notched R"),
        C("['wide QRS', ) 'notched R']", "wide QRS|notched R", 1),
        C("python\nfeatures = ['prolonged QT interval']\nprint(features)", "prolonged QT interval"),
        C("Here are the features:\n\n1. Tall R wave in V1\n2. Right axis deviation\n3. Right atrial enlargement (P pulmonale)\n\nLet me know if you need more.", "Tall R wave in V1|Right axis deviation|Right atrial enlargement (P pulmonale)"),
        C("[\n  \"Sinus rhythm\",\n  \"Normal PR interval\",\n  \"Normal QRS duration\",\n  \"Normal QT interval\",\n  \"Normal axis\"\n]", "Sinus rhythm|Normal PR interval|Normal QRS duration|Normal QT interval|Normal axis"),
    };

    [TestMethod]
    [DynamicData(nameof(Replies))]
    public void ParsesMessyReplies(string answer, string expected, int unparsed, bool found)
    {
        var result = FeatureListParser.Parse(answer);
        var want = expected.Length == 0 ? Array.Empty<string>() : expected.Split('|');
        CollectionAssert.AreEqual(want, result.Items.ToArray(), $"items of: {answer}; got [{string.Join(" | ", result.Items)}]");
        Assert.AreEqual(unparsed, result.UnparsedFragments, $"unparsed fragments of: {answer}");
        Assert.AreEqual(found, result.FoundList, $"found list for: {answer}");
    }

    [TestMethod]
    public void HasAtLeastFiftyReplies() => Assert.IsGreaterThanOrEqualTo(50, Replies.Count());

    [TestMethod]
    public void ItemLengthLimitIsConfigurable()
    {
        var result = FeatureListParser.Parse("['abcdef', 'ab']", maxItemLength: 3);
        CollectionAssert.AreEqual(new[] { "ab" }, result.Items.ToArray());
        Assert.AreEqual(1, result.UnparsedFragments);
    }

    [TestMethod]
    public void RejectsNonPositiveLengthLimit() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FeatureListParser.Parse("['a']", maxItemLength: 0));

    [TestMethod]
    public void SurvivesPathologicalInput()
    {
        foreach (var text in new[] { "[[[[[[[[[[[[[[[[[[[[[[[[", "['", "[\"\\", "]]]]", "[{", "['a' # comment without end", new string('[', 5000) + "'x'" })
        {
            var result = FeatureListParser.Parse(text);
            Assert.IsNotNull(result.Items);
        }
    }
}
