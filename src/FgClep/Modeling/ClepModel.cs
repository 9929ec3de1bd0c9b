using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FgClep.Modeling.Ecg;
using FgClep.Modeling.Text;

namespace FgClep.Modeling;

/// <summary>
/// The CLEP model: ECG encoder + projection, text encoder + projection, both L2-normalised into a shared space,
/// and the learned logit scale t' (scale = exp(t')) and bias b of the sigmoid contrastive loss.
/// </summary>
public sealed class ClepModel : nn.Module
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly ResNet1d ecg_encoder;
    private readonly ProjectionHead ecg_projection;
    private readonly BertTextEncoder text_encoder;
    private readonly ProjectionHead text_projection;
    private readonly Parameter logit_scale;
    private readonly Parameter logit_bias;
#pragma warning restore IDE1006

    /// <summary>Builds a randomly initialised model on the CPU.</summary>
    public ClepModel(ClepModelOptions options) : base(nameof(ClepModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        ecg_encoder = new ResNet1d(options.Ecg);
        NnpackSwitch.Disable(); // libtorch is loaded now
        MallocTuning.Apply();
        ecg_projection = new ProjectionHead(ecg_encoder.EmbeddingSize, options.ProjectionSize);
        text_encoder = new BertTextEncoder(options.Text, options.TextPooling);
        text_projection = new ProjectionHead(text_encoder.HiddenSize, options.ProjectionSize);
        logit_scale = nn.Parameter(torch.tensor((float)options.InitialLogitScale));
        logit_bias = nn.Parameter(torch.tensor((float)options.InitialLogitBias));
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public ClepModelOptions Options { get; }

    /// <summary>The ECG encoder (without projection).</summary>
    public ResNet1d EcgEncoder => ecg_encoder;

    /// <summary>The text encoder (without projection).</summary>
    public BertTextEncoder TextEncoder => text_encoder;

    /// <summary>Log-temperature t' (scalar parameter).</summary>
    public Parameter LogitScale => logit_scale;

    /// <summary>Bias b (scalar parameter).</summary>
    public Parameter LogitBias => logit_bias;

    /// <summary>L2-normalised ECG embeddings [B, P] for signals [B, leads, samples].</summary>
    public Tensor EncodeEcg(Tensor signals)
    {
        using var scope = torch.NewDisposeScope();
        var e = ecg_projection.forward(EncodeEcgFeatures(signals));
        return nn.functional.normalize(e, p: 2, dim: 1, eps: 1e-8).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The ECG encoder's pooled output [B, F] before the projection (F = <see cref="ResNet1d.EmbeddingSize"/>): the frozen
    /// features a linear probe reads in the paper's and MERL's protocol.
    /// </summary>
    public Tensor EncodeEcgFeatures(Tensor signals) => ecg_encoder.forward(signals);

    /// <summary>L2-normalised text embeddings [B, P] for token ids and attention mask [B, L].</summary>
    public Tensor EncodeText(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        return ProjectText(text_encoder.forward(inputIds, attentionMask)).MoveToOuterDisposeScope();
    }

    /// <summary>L2-normalised text embeddings [B, P] from pooled text-encoder outputs [B, HiddenSize] (the text projection alone).</summary>
    internal Tensor ProjectText(Tensor pooled)
    {
        using var scope = torch.NewDisposeScope();
        var t = text_projection.forward(pooled);
        return nn.functional.normalize(t, p: 2, dim: 1, eps: 1e-8).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The pair probability P = σ(exp(t')·cos + b) for every (ECG, text) pair: [B_ecg, B_text]. The learned logit of the
    /// sigmoid loss, where the paper's Eq. 8 writes σ(cos) (see <see cref="FgClep.Inference.ClepEncoder.Probabilities"/>).
    /// </summary>
    public Tensor PairProbabilities(Tensor ecgEmbeddings, Tensor textEmbeddings)
    {
        using var scope = torch.NewDisposeScope();
        var logits = ecgEmbeddings.matmul(textEmbeddings.t()) * logit_scale.exp() + logit_bias;
        return torch.sigmoid(logits).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters of the ECG side (encoder and projection).</summary>
    public IEnumerable<Parameter> EcgParameters() => ecg_encoder.parameters().Concat(ecg_projection.parameters());

    /// <summary>Parameters of the text side (encoder and projection).</summary>
    public IEnumerable<Parameter> TextParameters() => text_encoder.parameters().Concat(text_projection.parameters());

    /// <summary>Parameters of the text projection alone.</summary>
    public IEnumerable<Parameter> TextProjectionParameters() => text_projection.parameters();

    /// <summary>The logit scale t' and bias b.</summary>
    public IEnumerable<Parameter> LogitParameters() => new[] { logit_scale, logit_bias };

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ecg_encoder.Dispose(); ecg_projection.Dispose(); text_encoder.Dispose(); text_projection.Dispose();
            logit_scale.Dispose(); logit_bias.Dispose();
        }
        base.Dispose(disposing);
    }
}
