using FgClep.Datasets;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Evaluation;

// Builds tiny models with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class RetrievalTests
{
    private static readonly string[] Texts = { "atrial fibrillation", "left bundle branch block", "normal ecg" };

    private static ClepEncoder TinyModel()
    {
        return TinyClep.EmbeddingModel();
    }

    private static float[] Normalised(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>Four ECG "embeddings" per text: the text's embedding plus a little noise, so each text should retrieve its own four.</summary>
    private static (List<float[]> Gallery, List<float[]> Labels) Gallery(ClepEncoder model, int seed = 3)
    {
        var rng = new Random(seed);
        var textEmbeddings = model.EmbedTexts(Texts);
        var gallery = new List<float[]>();
        var labels = new List<float[]>();
        for (int i = 0; i < 12; i++)
        {
            int c = (i * 7) % 3; // interleaved, so gallery order alone cannot rank correctly
            gallery.Add(Normalised(textEmbeddings[c].Select(x => x + (float)(rng.NextDouble() - 0.5) * 2e-3f).ToArray()));
            labels.Add(Enumerable.Range(0, 3).Select(k => k == c ? 1f : 0f).ToArray());
        }
        return (gallery, labels);
    }

    [TestMethod]
    public void PrecisionAndRecallAtKByHand()
    {
        // 5 ECGs × 2 queries. Query 0 ranks ECGs 4, 2, 0, 1, 3 and ECGs 2 and 3 are relevant.
        float[] scores = { 0.3f, 0.0f, 0.2f, 0.9f, 0.5f, 0.8f, 0.1f, 0.1f, 0.9f, 0.7f };
        float[] labels = { 0, 0, 0, 0, 1, 0, 1, 0, 0, 0 };
        var result = Retrieval.Evaluate(scores, labels, 2, new[] { 1, 2, 5 }, new[] { "q0", "q1" });
        var q0 = result.Queries[0];
        Assert.AreEqual(2, q0.Relevant);
        CollectionAssert.AreEqual(new[] { 0.0, 0.5, 0.4 }, q0.Precision.ToArray());
        CollectionAssert.AreEqual(new[] { 0.0, 0.5, 1.0 }, q0.Recall.ToArray());
        // Query 1 has no relevant ECG: NaN, and left out of the means.
        Assert.AreEqual(0, result.Queries[1].Relevant);
        Assert.IsTrue(double.IsNaN(result.Queries[1].Precision[0]));
        Assert.AreEqual(0.5, result.PrecisionAt(2));
        Assert.AreEqual(1.0, result.RecallAt(5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => result.PrecisionAt(3));
    }

    [TestMethod]
    public void TiesRankByGalleryOrder()
    {
        var result = Retrieval.Evaluate(new[] { 1f, 1f, 1f }, new[] { 0f, 0f, 1f }, 1, new[] { 1, 2 });
        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, result.Queries[0].Recall.ToArray());
    }

    [TestMethod]
    public void SearchRanksTheMatchingEcgsFirstWithTheModelsProbabilities()
    {
        using var model = TinyModel();
        var (gallery, labels) = Gallery(model);
        var ids = Enumerable.Range(0, gallery.Count).Select(i => $"rec{i}").ToArray();
        var retrieval = new Retrieval(model, gallery, ids);
        var hits = retrieval.Search("atrial fibrillation", 4);
        Assert.HasCount(4, hits);
        foreach (var hit in hits)
        {
            Assert.AreEqual(1f, labels[hit.Index][0], $"hit {hit.Index} is not an atrial fibrillation ECG");
            Assert.AreEqual($"rec{hit.Index}", hit.RecordId);
            Assert.AreEqual(ClepEncoder.Sigmoid(hit.Logit), hit.Probability);
            var text = model.EmbedTexts(new[] { "atrial fibrillation" });
            Assert.AreEqual(model.Logits(gallery[hit.Index], text)[0], hit.Logit, 1e-5f);
        }
        for (int i = 1; i < hits.Count; i++) Assert.IsLessThanOrEqualTo(hits[i - 1].Logit, hits[i].Logit);
        Assert.HasCount(12, retrieval.Search("normal ecg", 50), "k beyond the gallery returns the whole gallery");
    }

    [TestMethod]
    public void EvaluateScoresEachClassByItsBestPrompt()
    {
        using var model = TinyModel();
        var (gallery, labels) = Gallery(model);
        var retrieval = new Retrieval(model, gallery);
        var queries = Texts.Select(t => new ZeroShotClass(t)).ToArray();
        var result = retrieval.Evaluate(queries, labels, new[] { 1, 4, 12 });
        Assert.AreEqual(1.0, result.PrecisionAt(4));
        Assert.AreEqual(1.0, result.RecallAt(4));
        Assert.AreEqual(4.0 / 12, result.PrecisionAt(12), 1e-12);
        CollectionAssert.AreEqual(Texts, result.Queries.Select(q => q.Name).ToArray());

        // A class whose best prompt is the right text still retrieves its ECGs; labels moved to the wrong class do not.
        var withDecoy = new[] { new ZeroShotClass("AFIB", new[] { "st depression", "atrial fibrillation" }) };
        Assert.AreEqual(1.0, retrieval.Evaluate(withDecoy, labels.Select(l => new[] { l[0] }).ToArray(), new[] { 4 }).PrecisionAt(4));
        Assert.IsLessThan(1.0, retrieval.Evaluate(withDecoy, labels.Select(l => new[] { l[1] }).ToArray(), new[] { 4 }).PrecisionAt(4));
    }

    [TestMethod]
    public void BadInputIsRefused()
    {
        using var model = TinyModel();
        var (gallery, labels) = Gallery(model);
        Assert.ThrowsExactly<ArgumentException>(() => new Retrieval(model, Array.Empty<float[]>()));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new Retrieval(model, new[] { new float[3] }));
        StringAssert.Contains(ex.Message, "has 3 values");
        Assert.ThrowsExactly<ArgumentException>(() => new Retrieval(model, gallery, new[] { "only one id" }));
        var retrieval = new Retrieval(model, gallery);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => retrieval.Search("normal ecg", 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => retrieval.Evaluate(Texts.Select(t => new ZeroShotClass(t)).ToArray(), labels, new[] { 13 }));
        ex = Assert.ThrowsExactly<ArgumentException>(() => retrieval.Evaluate(new[] { new ZeroShotClass("a") }, labels, new[] { 1 }));
        StringAssert.Contains(ex.Message, "3 values for 1 queries");
        Assert.ThrowsExactly<ArgumentException>(() => Retrieval.Evaluate(new[] { float.NaN }, new[] { 1f }, 1, new[] { 1 }));
    }
}
