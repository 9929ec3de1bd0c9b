using System.Diagnostics;
using System.Text;
using FgClep.IO;
using FgClep.Modeling.Text;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling.TextEncoders;

/// <summary>
/// Converts the ONNX models inside the SentenceTransformers packages (restored into the global packages folder by this
/// repository's build) and checks the converted BERT against ONNX Runtime running the original model. Inconclusive when
/// the packages are not restored.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class PretrainedTextEncoderTests
{
    private const double Tolerance = 1e-4;
    private static string s_cache = "";

    private static readonly string[] Texts =
    [
        "sinus rhythm. normal ecg.",
        "atrial fibrillation with rapid ventricular response, left bundle branch block",
        "st depression in leads v5 and v6",
    ];

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void CreateCache(TestContext _) => s_cache = Directory.CreateTempSubdirectory("fgclep-text-encoders").FullName;

    [ClassCleanup]
    public static void DeleteCache() => Directory.Delete(s_cache, recursive: true);

    private static PretrainedTextEncoder Encoder(string shortName) => PretrainedTextEncoder.Find(shortName)!;

    private static string RequirePackage(PretrainedTextEncoder encoder)
    {
        try
        {
            return encoder.FindPackageAssembly();
        }
        catch (FileNotFoundException ex)
        {
            Assert.Inconclusive($"{encoder.PackageId} {encoder.PackageVersion} is not restored ({ex.Message}).");
            throw;
        }
    }

    [TestMethod]
    [DataRow("minilm", TextPooling.Mean)]
    [DataRow("arctic", TextPooling.Cls)]
    public void ConvertedEncoderMatchesOnnxRuntimeOnTheSameTokens(string shortName, TextPooling pooling)
    {
        var encoder = Encoder(shortName);
        var assembly = RequirePackage(encoder);
        Assert.AreEqual(pooling, encoder.Pooling);

        var clock = Stopwatch.StartNew();
        var dir = encoder.GetDirectory(s_cache);
        var conversion = clock.Elapsed;
        var config = BertConfig.Load(Path.Combine(dir, "config.json"));
        Assert.AreEqual(new BertConfig
        {
            VocabSize = 30522, HiddenSize = 384, NumHiddenLayers = 6, NumAttentionHeads = 12, IntermediateSize = 1536,
            MaxPositionEmbeddings = 512, TypeVocabSize = 2, LayerNormEps = 1e-12, HiddenAct = "gelu", DoLowerCase = true,
        }, config);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "NOTICE.txt")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "NOTICE.txt")), encoder.UpstreamModel);
        Assert.DoesNotContain("\r", File.ReadAllText(Path.Combine(dir, "vocab.txt")));

        using var scope = NewDisposeScope();
        using var bert = new BertTextEncoder(config, encoder.Pooling);
        bert.eval();
        var load = BertCheckpoint.Load(bert, dir);
        Assert.HasCount(101, load.LoadedKeys);
        Assert.IsEmpty(load.MissingKeys);
        Assert.IsEmpty(load.UnexpectedKeys);

        var tokenizer = ReportTokenizer.FromVocabularyFile(Path.Combine(dir, "vocab.txt"), lowerCase: true, maxLength: 64);
        var batch = tokenizer.Encode(Texts.Select(t => encoder.QueryPrefix + t).ToList());
        var (ids, mask) = batch.ToTensors();
        float[] states, pooled;
        using (no_grad())
        {
            states = bert.LastHiddenState(ids, mask).data<float>().ToArray();
            pooled = bert.forward(ids, mask).data<float>().ToArray();
        }

        var reference = RunOnnxRuntime(assembly, batch);
        var (stateError, pooledError) = (0.0, 0.0);
        int length = batch.SequenceLength, hidden = config.HiddenSize;
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var tokens = 0;
            var mean = new double[hidden];
            for (var t = 0; t < length; t++)
            {
                if (batch.AttentionMask[b * length + t] == 0) continue;
                tokens++;
                for (var h = 0; h < hidden; h++)
                {
                    var i = (b * length + t) * hidden + h;
                    stateError = Math.Max(stateError, Math.Abs(states[i] - reference[i]));
                    mean[h] += reference[i];
                }
            }
            for (var h = 0; h < hidden; h++)
            {
                var expected = pooling == TextPooling.Cls ? reference[b * length * hidden + h] : mean[h] / tokens;
                pooledError = Math.Max(pooledError, Math.Abs(pooled[b * hidden + h] - expected));
            }
        }
        TestContext.WriteLine($"{encoder.Name}: conversion {conversion.TotalSeconds:F2} s; max |Δ| vs ONNX Runtime: token states {stateError:E2}, pooled {pooledError:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, stateError, "token states");
        Assert.IsLessThanOrEqualTo(Tolerance, pooledError, "pooled");
    }

    private static float[] RunOnnxRuntime(string assembly, TokenBatch batch)
    {
        byte[] model;
        using (var resources = new ManifestResourceReader(assembly)) model = resources.Read(".Resources.model.onnx").ToArray();
        using var session = new InferenceSession(model);
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[batch.InputIds.Length], shape);
        using var run = new RunOptions();
        using var outputs = session.Run(run, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [TestMethod]
    public void SecondUseReusesTheCacheAndADamagedCacheIsRebuilt()
    {
        var encoder = PretrainedTextEncoder.MiniLmL6V2;
        RequirePackage(encoder);
        var cache = Directory.CreateTempSubdirectory("fgclep-text-encoder-cache").FullName;
        try
        {
            var dir = encoder.GetDirectory(cache);
            var manifest = Path.Combine(dir, PretrainedTextEncoderConverter.ManifestFileName);
            var weights = Path.Combine(dir, BertCheckpoint.SafetensorsFileName);
            var written = File.GetLastWriteTimeUtc(manifest);
            var original = File.ReadAllBytes(weights);
            Assert.IsEmpty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, ".*"), "no temporary folder is left behind");

            var clock = Stopwatch.StartNew();
            Assert.AreEqual(dir, encoder.GetDirectory(cache));
            TestContext.WriteLine($"reuse (checksums verified): {clock.Elapsed.TotalSeconds:F2} s");
            Assert.AreEqual(written, File.GetLastWriteTimeUtc(manifest), "the second use converts nothing");

            using (var stream = File.OpenWrite(weights))
            {
                stream.Position = original.Length / 2;
                stream.WriteByte((byte)(original[original.Length / 2] ^ 0xFF));
            }
            Assert.IsFalse(PretrainedTextEncoderConverter.IsValid(dir, encoder, out var reason));
            StringAssert.Contains(reason, BertCheckpoint.SafetensorsFileName);
            Assert.AreEqual(dir, encoder.GetDirectory(cache));
            CollectionAssert.AreEqual(original, File.ReadAllBytes(weights), "the damaged file is rebuilt");

            File.Delete(manifest); // as after a crash between writing the files and the manifest
            Assert.AreEqual(dir, encoder.GetDirectory(cache));
            Assert.IsTrue(PretrainedTextEncoderConverter.IsValid(dir, encoder, out _));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [TestMethod]
    public void AbsentPackageIsFileNotFoundSayingHowToGetIt()
    {
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => NuGetPackageLocator.Locate("FgClep.NoSuchPackage", "1.0.0", "lib/x.dll", Path.GetTempPath()));
        Assert.Contains("fgclep.nosuchpackage", error.Message);
        Assert.Contains("<PackageDownload Include=\"FgClep.NoSuchPackage\" Version=\"[1.0.0]\" />", error.Message);
    }

    [TestMethod]
    public void DamagedPackageFilesAreFormatErrorsNamingTheFile()
    {
        var encoder = PretrainedTextEncoder.MiniLmL6V2;
        var assembly = RequirePackage(encoder);
        var work = Directory.CreateTempSubdirectory("fgclep-damaged-package").FullName;
        try
        {
            var original = File.ReadAllBytes(assembly);

            var truncated = Path.Combine(work, "truncated.dll");
            File.WriteAllBytes(truncated, original[..(original.Length / 2)]);
            var error = Assert.ThrowsExactly<FgClepFormatException>(() => PretrainedTextEncoderConverter.Convert(truncated, encoder, Path.Combine(work, "out1")));
            StringAssert.StartsWith(error.Message, truncated);

            var notAssembly = Path.Combine(work, "text.dll");
            File.WriteAllText(notAssembly, "not a PE file");
            error = Assert.ThrowsExactly<FgClepFormatException>(() => PretrainedTextEncoderConverter.Convert(notAssembly, encoder, Path.Combine(work, "out2")));
            Assert.Contains("expected a .NET assembly", error.Message);

            // Two vocabulary lines merged into one: 30521 tokens for 30522 embedding rows.
            var merged = Path.Combine(work, "merged-vocab.dll");
            var bytes = (byte[])original.Clone();
            var at = IndexOf(bytes, "\r\n[unused5]\r\n"u8.ToArray());
            Assert.IsGreaterThan(0, at, "the vocabulary resource should hold [unused5]");
            bytes[at] = (byte)'x';
            bytes[at + 1] = (byte)'x';
            File.WriteAllBytes(merged, bytes);
            error = Assert.ThrowsExactly<FgClepFormatException>(() => PretrainedTextEncoderConverter.Convert(merged, encoder, Path.Combine(work, "out3")));
            Assert.Contains(merged, error.Message);
            Assert.Contains("expected 30522 tokens", error.Message);
            Assert.Contains("found 30521 lines", error.Message);

            var missing = Path.Combine(work, "absent.dll");
            Assert.ThrowsExactly<FileNotFoundException>(() => PretrainedTextEncoderConverter.Convert(missing, encoder, Path.Combine(work, "out4")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
