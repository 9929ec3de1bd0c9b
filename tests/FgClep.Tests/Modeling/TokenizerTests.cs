using FgClep.IO;
using FgClep.Modeling.Text;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class TokenizerTests
{
    private static ReportTokenizer Uncased(int maxLength = 128)
        => ReportTokenizer.FromVocabularyFile(SharedData.RequireFile("models/bert-base-uncased/vocab.txt"), lowerCase: true, maxLength);

    private static ReportTokenizer Cased()
        => ReportTokenizer.FromVocabularyFile(SharedData.RequireFile("models/bert-base-cased/vocab.txt"), lowerCase: false);

    private static long[] Row(TokenBatch batch, int row, long[] source)
        => source.Skip(row * batch.SequenceLength).Take(batch.SequenceLength).ToArray();

    [TestMethod]
    public void UncasedVocabularyLowercasesStripsAccentsAndWrapsInClsSep()
    {
        var tokenizer = Uncased();
        Assert.AreEqual(30522, tokenizer.VocabularySize);
        Assert.AreEqual("[CLS]", tokenizer.Vocabulary[101]);
        var batch = tokenizer.Encode(["Normal HEART rhythm. Café"]);
        // Ids are the 0-based line numbers of normal, heart, rhythm, ".", cafe in the vocabulary.
        CollectionAssert.AreEqual(new long[] { 101, 3671, 2540, 6348, 1012, 7668, 102 }, batch.InputIds);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 1, 1, 1 }, batch.AttentionMask);
        Assert.AreEqual(1, batch.BatchSize);
        Assert.AreEqual(7, batch.SequenceLength);
    }

    [TestMethod]
    public void CasedVocabularyKeepsCaseAndAccents()
    {
        var tokenizer = Cased();
        Assert.AreEqual(28996, tokenizer.VocabularySize);
        Assert.IsFalse(tokenizer.LowerCase);
        var ids = tokenizer.Encode(["Normal heart Heart. café"]).InputIds;
        CollectionAssert.AreEqual(new long[] { 101, 14508, 1762, 4641, 119, 20583, 102 }, ids);
        CollectionAssert.AreEqual(new[] { "[CLS]", "Normal", "heart", "Heart", ".", "café", "[SEP]" },
            ids.Select(i => tokenizer.Vocabulary[(int)i]).ToArray());
    }

    [TestMethod]
    public void BatchIsPaddedToItsLongestRowWithMaskZero()
    {
        var batch = Uncased().Encode(["heart", "normal heart rhythm", ""]);
        Assert.AreEqual(3, batch.BatchSize);
        Assert.AreEqual(5, batch.SequenceLength);
        Assert.HasCount(15, batch.InputIds);
        CollectionAssert.AreEqual(new long[] { 101, 2540, 102, 0, 0 }, Row(batch, 0, batch.InputIds));
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 0, 0 }, Row(batch, 0, batch.AttentionMask));
        CollectionAssert.AreEqual(new long[] { 101, 3671, 2540, 6348, 102 }, Row(batch, 1, batch.InputIds));
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 1 }, Row(batch, 1, batch.AttentionMask));
        CollectionAssert.AreEqual(new long[] { 101, 102, 0, 0, 0 }, Row(batch, 2, batch.InputIds));
        CollectionAssert.AreEqual(new long[] { 1, 1, 0, 0, 0 }, Row(batch, 2, batch.AttentionMask));

        var (ids, mask) = batch.ToTensors();
        using (ids)
        using (mask)
        {
            CollectionAssert.AreEqual(new long[] { 3, 5 }, ids.shape);
            Assert.AreEqual(10L, mask.sum().item<long>());
        }
    }

    [TestMethod]
    public void LongTextsAreTruncatedToMaxLengthKeepingSep()
    {
        var batch = Uncased(maxLength: 4).Encode(["normal heart rhythm . normal heart rhythm", "heart"]);
        Assert.AreEqual(4, batch.SequenceLength);
        CollectionAssert.AreEqual(new long[] { 101, 3671, 2540, 102 }, Row(batch, 0, batch.InputIds));
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1 }, Row(batch, 0, batch.AttentionMask));
        CollectionAssert.AreEqual(new long[] { 101, 2540, 102, 0 }, Row(batch, 1, batch.InputIds));
    }

    [TestMethod]
    public void EmptyBatchGivesAnEmptyTokenBatch()
    {
        var batch = Uncased().Encode([]);
        Assert.AreEqual(0, batch.BatchSize);
        Assert.IsEmpty(batch.InputIds);
    }

    [TestMethod]
    public void VocabularyFromTextsCoversEveryWordAndRoundTripsThroughVocabTxt()
    {
        string[] reports = ["Sinus rhythm. Normal ECG.", "Sinus tachycardia, otherwise normal ECG.", "Atrial fibrillation."];
        var tokenizer = ReportTokenizer.FromTexts(reports);
        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }, tokenizer.Vocabulary.Take(5).ToArray());
        // Most frequent first: "." (4 times), then ecg/normal/sinus (twice each, ordinal order).
        CollectionAssert.AreEqual(new[] { ".", "ecg", "normal", "sinus" }, tokenizer.Vocabulary.Skip(5).Take(4).ToArray());
        Assert.Contains(",", tokenizer.Vocabulary);
        Assert.DoesNotContain("Sinus", tokenizer.Vocabulary);

        var batch = tokenizer.Encode(reports);
        var unknown = tokenizer.UnknownTokenId;
        Assert.AreEqual(1, unknown);
        Assert.IsFalse(batch.InputIds.Where((_, i) => batch.AttentionMask[i] == 1).Any(id => id == unknown), "every word of the corpus is known");
        var first = Row(batch, 0, batch.InputIds).Where((_, i) => batch.AttentionMask[i] == 1).ToArray();
        CollectionAssert.AreEqual(new[] { "[CLS]", "sinus", "rhythm", ".", "normal", "ecg", ".", "[SEP]" },
            first.Select(i => tokenizer.Vocabulary[(int)i]).ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 1, 3 }, tokenizer.Encode(["bradycardia"]).InputIds);

        var path = Path.Combine(Path.GetTempPath(), $"fgclep-vocab-{Guid.NewGuid():N}.txt");
        try
        {
            tokenizer.SaveVocabulary(path);
            Assert.HasCount(tokenizer.VocabularySize, File.ReadAllLines(path));
            var reloaded = ReportTokenizer.FromVocabularyFile(path, lowerCase: true);
            CollectionAssert.AreEqual(tokenizer.Vocabulary.ToArray(), reloaded.Vocabulary.ToArray());
            CollectionAssert.AreEqual(batch.InputIds, reloaded.Encode(reports).InputIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MinimumFrequencyDropsRareWords()
    {
        var tokenizer = ReportTokenizer.FromTexts(["Sinus rhythm.", "Sinus bradycardia."], minFrequency: 2);
        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "sinus" }, tokenizer.Vocabulary.ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 6, 1, 5, 3 }, tokenizer.Encode(["sinus rhythm."]).InputIds);
    }

    [TestMethod]
    public void VocabularyWithoutSpecialTokensIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fgclep-vocab-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllLines(path, ["[PAD]", "[UNK]", "[SEP]", "[MASK]", "heart"]);
            var ex = Assert.ThrowsExactly<FgClepFormatException>(() => ReportTokenizer.FromVocabularyFile(path, lowerCase: true));
            StringAssert.Contains(ex.Message, "[CLS]");
            StringAssert.Contains(ex.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
