using FgClep.Modeling.Text;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

/// <summary>
/// Pins <see cref="ReportTokenizer"/> to the ids Hugging Face's <c>BertTokenizer</c> gives (issue #13): every expected id is
/// the 0-based line of its token in the shared <c>vocab.txt</c>, the pieces (in the comments) follow BasicTokenizer's
/// splitting and WordPiece's greedy longest match; they were worked out against the vocabulary with <c>grep -n</c> and
/// cross-checked with an independent stdlib-only Python re-implementation of the Hugging Face code.
/// </summary>
[TestClass]
public sealed class TokenizerParityTests
{
    private const string UncasedVocab = "models/bert-base-uncased/vocab.txt";
    private const string CasedVocab = "models/bert-base-cased/vocab.txt";

    /// <summary>Clinical strings with <c>&lt; = &gt; + $ ~ | ^ `</c>, °, line breaks, tabs, umlauts, en dashes, units, control and
    /// CJK characters, NFD input and special tokens, with bert-base-uncased ids (no [CLS]/[SEP]).</summary>
    private static readonly (string Text, int[] Ids)[] UncasedCases =
    [
        ("Sokolow-Lyon > 35 mm", [2061, 3683, 8261, 1011, 10241, 1028, 3486, 3461]), // so ##ko ##low - lyon > 35 mm
        ("QTc 450 ms", [1053, 13535, 10332, 5796]), // q ##tc 450 ms
        ("35 mm", [3486, 3461]), // 35 mm
        ("0.1 mV", [1014, 1012, 1015, 19842]), // 0 . 1 mv
        ("HR 72/min", [17850, 5824, 1013, 8117]), // hr 72 / min
        ("Linkstyp", [6971, 3723, 2361]), // links ##ty ##p
        ("Sinusrhythmus", [8254, 2271, 25032, 22123, 14227, 2271]), // sin ##us ##rh ##yt ##hm ##us
        ("überdreht", [19169, 16200, 11039]), // uber ##dre ##ht
        ("Überdrehter Linkstyp", [19169, 16200, 11039, 2121, 6971, 3723, 2361]), // uber ##dre ##ht ##er links ##ty ##p
        ("ST-Senkung", [2358, 1011, 12411, 5283, 3070]), // st - sen ##ku ##ng
        ("V1–V6", [1058, 2487, 1516, 25275]), // v ##1 – v6
        ("ST-Senkung in V1–V6", [2358, 1011, 12411, 5283, 3070, 1999, 1058, 2487, 1516, 25275]), // st - sen ##ku ##ng in v ##1 – v6
        ("QRS < 120 ms", [1053, 2869, 1026, 6036, 5796]), // q ##rs < 120 ms
        ("PR = 210 ms", [10975, 1027, 12875, 5796]), // pr = 210 ms
        ("R/S > 1 in V1", [1054, 1013, 1055, 1028, 1015, 1999, 1058, 2487]), // r / s > 1 in v ##1
        ("ST elevation +2 mm", [2358, 6678, 1009, 1016, 3461]), // st elevation + 2 mm
        ("Axis ~ +60°", [8123, 1066, 1009, 3438, 7737]), // axis ~ + 60 ##°
        ("lead I | lead II", [2599, 1045, 1064, 2599, 2462]), // lead i | lead ii
        ("Axis -30°", [8123, 1011, 2382, 7737]), // axis - 30 ##°
        ("37°C", [4261, 7737, 2278]), // 37 ##° ##c
        ("AV-Block I°", [20704, 1011, 3796, 1045, 7737]), // av - block i ##°
        ("T-wave inversion\nin V4-V6", [1056, 1011, 4400, 28527, 1999, 1058, 2549, 1011, 25275]), // t - wave inversion in v ##4 - v6
        ("Sinus rhythm\tnormal ECG", [8254, 2271, 6348, 3671, 14925, 2290]), // sin ##us rhythm normal ec ##g
        ("Vorhofflimmern\r\nmit schneller Überleitung", [29536, 25032, 7245, 17960, 5017, 2078, 10210, 8040, 7295, 24038, 19169, 23057, 21847]), // vo ##rh ##off ##lim ##mer ##n mit sc ##hn ##eller uber ##lei ##tung
        ("K+ 3.2 mmol/l", [1047, 1009, 1017, 1012, 1016, 3461, 4747, 1013, 1048]), // k + 3 . 2 mm ##ol / l
        ("HF 72/min; PQ 160 ms", [1044, 2546, 5824, 1013, 8117, 1025, 1052, 4160, 8148, 5796]), // h ##f 72 / min ; p ##q 160 ms
        ("Rhythmus: Sinusrhythmus | Lagetyp: Steiltyp", [6348, 2271, 1024, 8254, 2271, 25032, 22123, 14227, 2271, 1064, 2474, 18150, 22571, 1024, 26261, 4014, 3723, 2361]), // rhythm ##us : sin ##us ##rh ##yt ##hm ##us | la ##get ##yp : ste ##il ##ty ##p
        ("Q-Zacke > 1/4 R", [1053, 1011, 13658, 2063, 1028, 1015, 1013, 1018, 1054]), // q - zack ##e > 1 / 4 r
        ("Niedervoltage (< 0.5 mV)", [9152, 14728, 2099, 6767, 24458, 3351, 1006, 1026, 1014, 1012, 1019, 19842, 1007]), // ni ##ede ##r ##vo ##lta ##ge ( < 0 . 5 mv )
        ("LVH: S(V1) + R(V5) = 40 mm", [1048, 2615, 2232, 1024, 1055, 1006, 1058, 2487, 1007, 1009, 1054, 1006, 1058, 2629, 1007, 1027, 2871, 3461]), // l ##v ##h : s ( v ##1 ) + r ( v ##5 ) = 40 mm
        ("ST-Streckensenkung ~1 mm", [2358, 1011, 2358, 2890, 19766, 5054, 5283, 3070, 1066, 1015, 3461]), // st - st ##re ##cken ##sen ##ku ##ng ~ 1 mm
        ("Kosten: $12", [12849, 16173, 1024, 1002, 2260]), // ko ##sten : $ 12
        ("PQ^2 `x`", [1052, 4160, 1034, 1016, 1036, 1060, 1036]), // p ##q ^ 2 ` x `
        ("QTc ≥ 460 ms", [1053, 13535, 1609, 17267, 5796]), // q ##tc ≥ 460 ms
        ("Müller, Straße", [12304, 1010, 2358, 27807]), // muller , st ##raße
        ("u\u0308berdreht", [19169, 16200, 11039]), // uber ##dre ##ht
        ("35\u00A0mm", [3486, 3461]), // 35 mm
        ("Sinus\u200Brhythm\u0000", [8254, 2271, 25032, 22123, 14227]), // sin ##us ##rh ##yt ##hm
        ("心电图 normal", [1849, 100, 100, 3671]), // 心 [UNK] [UNK] normal
        ("[CLS] Sinus[SEP]rhythm [cls] [MASK]x [unused1]", [101, 8254, 2271, 102, 6348, 1031, 18856, 2015, 1033, 103, 1060, 1031, 15171, 2487, 1033]), // [CLS] sin ##us [SEP] rhythm [ cl ##s ] [MASK] x [ unused ##1 ]
        ("ΟΔΟΣ", [1169, 29722, 15297]), // ο ##δ ##ος
        ("İstanbul", [9960]), // istanbul
        ("ecg☃", [100]), // [UNK]
    ];

    /// <summary>The same kind of strings with bert-base-cased (no lower-casing, no accent stripping, NFC).</summary>
    private static readonly (string Text, int[] Ids)[] CasedCases =
    [
        ("Sokolow-Lyon > 35 mm", [1573, 2718, 6737, 118, 10067, 135, 2588, 2608]), // So ##ko ##low - Lyon > 35 mm
        ("Überdrehter Linkstyp, ST-Senkung in V1–V6", [243, 3169, 11114, 17439, 1200, 11193, 13913, 1643, 117, 23676, 118, 14895, 4786, 2118, 1107, 159, 1475, 782, 159, 1545]), // Ü ##ber ##dre ##ht ##er Link ##sty ##p , ST - Sen ##ku ##ng in V ##1 – V ##6
        ("QTc 450 ms\nHR 72/min", [154, 1942, 1665, 10181, 182, 1116, 145, 2069, 5117, 120, 11241]), // Q ##T ##c 450 m ##s H ##R 72 / min
        ("Axis -30°, Café", [17831, 118, 1476, 7259, 117, 21036]), // Axis - 30 ##° , Café
        ("u\u0308berdreht", [274, 3169, 11114, 17439]), // ü ##ber ##dre ##ht
        ("[CLS] Sinus[SEP]rhythm [cls]", [101, 14009, 1361, 102, 6795, 164, 172, 3447, 166]), // [CLS] Sin ##us [SEP] rhythm [ c ##ls ]
        ("Normal heart Heart. café", [14508, 1762, 4641, 119, 20583]), // Normal heart Heart . café
    ];

    [TestMethod]
    public void UncasedIdsMatchHuggingFaceBertTokenizer()
    {
        var tokenizer = ReportTokenizer.FromVocabularyFile(SharedData.RequireFile(UncasedVocab), lowerCase: true, maxLength: 512);
        AssertCases(tokenizer, UncasedCases);
    }

    [TestMethod]
    public void SokolowLyonKeepsItsGreaterThanSign()
    {
        var tokenizer = ReportTokenizer.FromVocabularyFile(SharedData.RequireFile(UncasedVocab), lowerCase: true);
        Assert.AreEqual(">", tokenizer.Vocabulary[1028]);
        CollectionAssert.Contains(tokenizer.Encode(["Sokolow-Lyon > 35 mm"]).InputIds, 1028L);
    }

    [TestMethod]
    public void CasedIdsMatchHuggingFaceBertTokenizerWithoutLowerCasing()
    {
        var tokenizer = ReportTokenizer.FromVocabularyFile(SharedData.RequireFile(CasedVocab), lowerCase: false, maxLength: 512);
        AssertCases(tokenizer, CasedCases);
    }

    [TestMethod]
    public void CrlfVocabularyGivesTheSameIdsAsLf()
    {
        var lf = SharedData.RequireFile(UncasedVocab);
        var path = Path.Combine(Path.GetTempPath(), $"fgclep-vocab-crlf-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, File.ReadAllText(lf).Replace("\n", "\r\n", StringComparison.Ordinal));
            var crlf = ReportTokenizer.FromVocabularyFile(path, lowerCase: true);
            var reference = ReportTokenizer.FromVocabularyFile(lf, lowerCase: true);
            Assert.AreEqual(30522, crlf.VocabularySize);
            Assert.IsFalse(crlf.Vocabulary.Any(t => t.Contains('\r')), "no token keeps the carriage return");
            string[] texts = ["Sokolow-Lyon > 35 mm", "Überdrehter Linkstyp\r\nST-Senkung in V1–V6"];
            CollectionAssert.AreEqual(reference.Encode(texts).InputIds, crlf.Encode(texts).InputIds);
            CollectionAssert.DoesNotContain(crlf.Encode(texts).InputIds, (long)crlf.UnknownTokenId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SmallCrlfVocabularyIsReadWithoutCarriageReturns()
    {
        using var vocab = new TempVocabulary("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\nheart\r\n##beat\r\n");
        var tokenizer = ReportTokenizer.FromVocabularyFile(vocab.Path, lowerCase: true);
        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "heart", "##beat" }, tokenizer.Vocabulary.ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 5, 6, 3 }, tokenizer.Encode(["Heartbeat"]).InputIds);
    }

    [TestMethod]
    public void WordLongerThan100CharactersIsOneUnknown()
    {
        using var vocab = new TempVocabulary("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n##a\n\U0001F600\n##\U0001F600\n");
        var tokenizer = ReportTokenizer.FromVocabularyFile(vocab.Path, lowerCase: true, maxLength: 512);

        var hundred = tokenizer.EncodeWithoutSpecialTokens(new string('a', 100));
        CollectionAssert.AreEqual(new[] { 5 }.Concat(Enumerable.Repeat(6, 99)).ToArray(), hundred.ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, tokenizer.EncodeWithoutSpecialTokens(new string('a', 101)).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 5 }, tokenizer.EncodeWithoutSpecialTokens(new string('a', 101) + " a").ToArray());

        // The limit counts code points, as Python does: 60 emoji are 120 UTF-16 chars but 60 characters.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 60));
        CollectionAssert.AreEqual(new[] { 7 }.Concat(Enumerable.Repeat(8, 59)).ToArray(), tokenizer.EncodeWithoutSpecialTokens(emoji).ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, tokenizer.EncodeWithoutSpecialTokens(string.Concat(Enumerable.Repeat("\U0001F600", 101))).ToArray());
    }

    [TestMethod]
    public void WordWithAnUnmatchablePieceIsOneUnknown()
    {
        using var vocab = new TempVocabulary("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nheart\n##beat\nrate\n");
        var tokenizer = ReportTokenizer.FromVocabularyFile(vocab.Path, lowerCase: true);
        CollectionAssert.AreEqual(new[] { 5, 6 }, tokenizer.EncodeWithoutSpecialTokens("heartbeat").ToArray());
        // "heart" matches, then "##beats" / "##beat" + "##s": no "##s", so the whole word is a single [UNK], not heart [UNK].
        CollectionAssert.AreEqual(new[] { 1 }, tokenizer.EncodeWithoutSpecialTokens("heartbeats").ToArray());
        CollectionAssert.AreEqual(new[] { 1, 7 }, tokenizer.EncodeWithoutSpecialTokens("heartrate rate").ToArray());
        CollectionAssert.AreEqual(new[] { 5, 6, 1, 5 }, tokenizer.EncodeWithoutSpecialTokens("heartbeat, heart").ToArray());
    }

    [TestMethod]
    public void TruncationCutsBetweenWordPieces()
    {
        var tokenizer = ReportTokenizer.FromVocabularyFile(SharedData.RequireFile(UncasedVocab), lowerCase: true, maxLength: 4);
        // so ##ko ##low …: the first two pieces are kept, as Hugging Face's truncation keeps the first max_length - 2 ids.
        CollectionAssert.AreEqual(new long[] { 101, 2061, 3683, 102 }, tokenizer.Encode(["Sokolow-Lyon > 35 mm"]).InputIds);
    }

    [TestMethod]
    public void VocabularyFromTextsKeepsComparisonSignsAndSplitsLinesAndTabs()
    {
        var tokenizer = ReportTokenizer.FromTexts(["QRS > 120 ms\nQTc < 450 ms", "PR = 210\tms"]);
        foreach (var word in new[] { ">", "<", "=", "qrs", "120", "ms", "qtc", "450", "pr", "210" })
            Assert.Contains(word, tokenizer.Vocabulary);
        Assert.IsFalse(tokenizer.Vocabulary.Any(t => t.Contains(' ') || t.Contains('\n') || t.Contains('\t')));
        var ids = tokenizer.Encode(["QRS > 120 ms"]).InputIds;
        CollectionAssert.AreEqual(new[] { "[CLS]", "qrs", ">", "120", "ms", "[SEP]" }, ids.Select(i => tokenizer.Vocabulary[(int)i]).ToArray());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void PerCharacterTableAgreesWithWholeTextNormalisation(bool lowerCase)
    {
        // "xCy" takes the table path where C has an entry; a trailing combining mark sends the same text down the slow path
        // (NFC, casing and NFD of the whole string). Both must give the same words for every character U+0080–U+2FFF.
        var basic = new BertBasicTokenizer(lowerCase);
        var failures = new List<string>();
        for (var c = 0x80; c < 0x3000; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            var text = $"x{(char)c}Y {(char)c}";
            var fast = basic.Tokenize(text);
            var slow = basic.Tokenize(text + " \u0301");
            if (!lowerCase) slow.RemoveAt(slow.Count - 1); // the lone combining mark is a word when accents are kept
            if (!fast.SequenceEqual(slow)) failures.Add($"U+{c:X4}: [{string.Join(" ", fast)}] vs [{string.Join(" ", slow)}]");
        }
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)));
    }

    private static void AssertCases(ReportTokenizer tokenizer, (string Text, int[] Ids)[] cases)
    {
        var failures = new List<string>();
        foreach (var (text, expected) in cases)
        {
            var row = tokenizer.Encode([text]).InputIds;
            var expectedRow = new long[] { tokenizer.ClassificationTokenId }.Concat(expected.Select(i => (long)i)).Append(tokenizer.SeparatorTokenId).ToArray();
            if (!row.SequenceEqual(expectedRow))
                failures.Add($"{Escape(text)}: expected [{string.Join(", ", expectedRow)}] " +
                             $"({string.Join(" ", expectedRow.Select(i => tokenizer.Vocabulary[(int)i]))}), got [{string.Join(", ", row)}] " +
                             $"({string.Join(" ", row.Select(i => tokenizer.Vocabulary[(int)i]))})");
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    private static string Escape(string text)
        => string.Concat(text.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString()));

    private sealed class TempVocabulary : IDisposable
    {
        public TempVocabulary(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fgclep-vocab-{Guid.NewGuid():N}.txt");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
