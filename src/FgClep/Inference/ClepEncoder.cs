using FgClep.IO;
using FgClep.Modeling;
using FgClep.Modeling.Text;
using FgClep.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Inference;

/// <summary>
/// A trained (or freshly initialised) CLEP / FG-CLEP model ready for inference: the network, its tokenizer and the
/// preprocessing it was trained with. Embeds ECGs and texts in batches and scores pairs with P = σ(exp(t')·cos + b).
/// </summary>
public sealed class ClepEncoder : IDisposable
{
    /// <summary>Wraps a model, its tokenizer and preprocessing settings. The instance takes ownership of <paramref name="network"/>.</summary>
    public ClepEncoder(ClepModel network, ReportTokenizer tokenizer, EcgPreprocessorOptions preprocessing)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        Preprocessing = preprocessing ?? throw new ArgumentNullException(nameof(preprocessing));
        Preprocessor = new EcgPreprocessor(preprocessing);
    }

    /// <summary>The network.</summary>
    public ClepModel Network { get; }

    /// <summary>The report tokenizer.</summary>
    public ReportTokenizer Tokenizer { get; }

    /// <summary>Preprocessing settings used for training; every signal given to this model goes through the same.</summary>
    public EcgPreprocessorOptions Preprocessing { get; }

    /// <summary>The preprocessor built from <see cref="Preprocessing"/>.</summary>
    public EcgPreprocessor Preprocessor { get; }

    /// <summary>Size of the shared embedding space.</summary>
    public int EmbeddingSize => Network.Options.ProjectionSize;

    /// <summary>Number of ECG embeddings computed per forward pass. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Length of <see cref="EcgEncoderFeatures"/> vectors: the ECG encoder's output before the projection.</summary>
    public int EcgEncoderFeatureSize => Network.EcgEncoder.EmbeddingSize;

    /// <summary>L2-normalised embeddings of preprocessed signals (each leads × samples, lead-major).</summary>
    public float[][] EmbedSignals(IReadOnlyList<float[]> signals) => RunEcg(signals, Network.EncodeEcg);

    /// <summary>
    /// The ECG encoder's pooled output for preprocessed signals, before the projection and normalisation
    /// (<see cref="EcgEncoderFeatureSize"/> values each): what the paper's linear probe is trained on.
    /// </summary>
    public float[][] EcgEncoderFeatures(IReadOnlyList<float[]> signals) => RunEcg(signals, Network.EncodeEcgFeatures);

    private float[][] RunEcg(IReadOnlyList<float[]> signals, Func<Tensor, Tensor> encode)
    {
        ArgumentNullException.ThrowIfNull(signals);
        int leads = Preprocessing.Leads.Count, samples = Preprocessing.SampleCount, per = leads * samples;
        var result = new float[signals.Count][];
        Network.eval();
        var device = Network.LogitScale.device;
        for (int start = 0; start < signals.Count; start += BatchSize)
        {
            int size = Math.Min(BatchSize, signals.Count - start);
            var buffer = new float[size * per];
            for (int i = 0; i < size; i++)
            {
                var s = signals[start + i];
                if (s.Length != per) throw new ArgumentException($"Signal {start + i} has {s.Length} values; expected {leads} leads × {samples} samples = {per}.", nameof(signals));
                s.CopyTo(buffer, i * per);
            }
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var x = torch.tensor(buffer, new long[] { size, leads, samples }, ScalarType.Float32).to(device);
            var e = encode(x).to(ScalarType.Float32).cpu();
            var flat = e.data<float>().ToArray();
            int d = (int)e.shape[1];
            for (int i = 0; i < size; i++) result[start + i] = flat.AsSpan(i * d, d).ToArray();
        }
        return result;
    }

    /// <summary>Preprocesses and embeds records.</summary>
    public float[][] EmbedRecords(IReadOnlyList<EcgRecord> records) => EmbedSignals(records.Select(Preprocessor.Process).ToList());

    /// <summary>L2-normalised embeddings of texts.</summary>
    public float[][] EmbedTexts(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        Network.eval();
        var device = Network.LogitScale.device;
        for (int start = 0; start < texts.Count; start += BatchSize)
        {
            int size = Math.Min(BatchSize, texts.Count - start);
            var tokens = Tokenizer.Encode(texts.Skip(start).Take(size).ToList());
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var (ids, mask) = tokens.ToTensors(device);
            var t = Network.EncodeText(ids, mask).to(ScalarType.Float32).cpu();
            var flat = t.data<float>().ToArray();
            int d = (int)t.shape[1];
            for (int i = 0; i < size; i++) result[start + i] = flat.AsSpan(i * d, d).ToArray();
        }
        return result;
    }

    /// <summary>
    /// σ(b), the probability of an ECG and a text whose embeddings are orthogonal (cos = 0): where probabilities sit for
    /// pairs the model has no opinion on. After short training every probability stays near it.
    /// </summary>
    public double BiasProbability => Sigmoid(Network.LogitBias.ToSingle());

    /// <summary>Logits exp(t')·cos(e, t) + b for one ECG embedding against many text embeddings (P = σ(logit)).</summary>
    public float[] Logits(ReadOnlySpan<float> ecgEmbedding, IReadOnlyList<float[]> textEmbeddings)
    {
        double scale = Math.Exp(Network.LogitScale.ToSingle());
        double bias = Network.LogitBias.ToSingle();
        var result = new float[textEmbeddings.Count];
        for (int j = 0; j < textEmbeddings.Count; j++)
        {
            var t = textEmbeddings[j];
            if (t.Length != ecgEmbedding.Length)
                throw new ArgumentException($"Text embedding {j} has {t.Length} values; the ECG embedding has {ecgEmbedding.Length}.", nameof(textEmbeddings));
            double cos = 0;
            for (int k = 0; k < t.Length; k++) cos += ecgEmbedding[k] * t[k];
            result[j] = (float)(scale * cos + bias);
        }
        return result;
    }

    /// <summary>
    /// P = σ(exp(t')·cos(e, t) + b) for one ECG embedding against many text embeddings. The paper's Eq. 8 writes σ(cos), but
    /// σ(cos) cannot exceed 0.73 while the paper reports probabilities above 0.99; we use the learned logit of the sigmoid loss,
    /// which makes P the probability the model was trained to give.
    /// </summary>
    public float[] Probabilities(ReadOnlySpan<float> ecgEmbedding, IReadOnlyList<float[]> textEmbeddings)
    {
        var logits = Logits(ecgEmbedding, textEmbeddings);
        for (int j = 0; j < logits.Length; j++) logits[j] = Sigmoid(logits[j]);
        return logits;
    }

    internal static float Sigmoid(float x) => (float)(1 / (1 + Math.Exp(-x)));

    /// <summary>Saves the model as a versioned FgClep package (zip: config.json, vocab.txt, model.safetensors).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var stream = File.Create(temp)) Save(stream);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Saves the model as a versioned FgClep package to <paramref name="stream"/>.</summary>
    public void Save(Stream stream) => ClepEncoderPackage.Save(this, stream ?? throw new ArgumentNullException(nameof(stream)));

    /// <summary>Loads a model saved by <see cref="Save(string)"/>; it is placed on the CPU.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a complete package or is of a newer format.</exception>
    public static ClepEncoder Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model package '{path}' does not exist.", path);
        using var stream = RegularFile.OpenRead(path);
        return ClepEncoderPackage.Load(stream, path);
    }

    /// <summary>Loads a model package from a seekable stream.</summary>
    public static ClepEncoder Load(Stream stream) => ClepEncoderPackage.Load(stream ?? throw new ArgumentNullException(nameof(stream)), "stream");

    /// <summary>A deep copy (same weights, independent parameters), e.g. to continue training without changing this model.</summary>
    public ClepEncoder Clone()
    {
        using var buffer = new MemoryStream();
        Save(buffer);
        buffer.Position = 0;
        return Load(buffer);
    }

    /// <summary>
    /// The same architecture, tokenizer and preprocessing with freshly initialised weights (seeded): the random-init baseline
    /// that every evaluation reports beside a pre-trained model.
    /// </summary>
    public ClepEncoder WithRandomWeights(int seed)
    {
        torch.random.manual_seed(seed);
        return new ClepEncoder(new ClepModel(Network.Options), Tokenizer, Preprocessing);
    }

    /// <summary>Moves the network to <paramref name="device"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).</summary>
    public void ToDevice(string device) => Network.to(TorchDeviceResolver.Resolve(device));

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
