namespace FgClep.Onnx;

/// <summary>
/// Emits zero-shot scoring on top of an ECG embedding: logits exp(t')·(e·Tᵀ) + b against constant prompt embeddings,
/// the maximum over each class's prompts, and P = σ(logit) = 1/(1 + e^−logit).
/// </summary>
internal static class ZeroShotGraph
{
    /// <summary>Adds the nodes; returns the names of the [batch, classes] logit and score tensors.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="embedding">L2-normalised ECG embeddings [batch, width].</param>
    /// <param name="width">Embedding width.</param>
    /// <param name="promptEmbeddings">One L2-normalised embedding per expanded prompt.</param>
    /// <param name="promptClasses">The class index of each prompt.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="logitScale">t' (the scale is exp(t')).</param>
    /// <param name="logitBias">b.</param>
    /// <param name="logitName">Name of the logit output.</param>
    /// <param name="scoreName">Name of the score output.</param>
    public static void Emit(OnnxGraphBuilder g, string embedding, int width, IReadOnlyList<float[]> promptEmbeddings,
        IReadOnlyList<int> promptClasses, int classCount, float logitScale, float logitBias, string logitName, string scoreName)
    {
        // Group the prompts by class and pad every class to the same count by repeating its first prompt (a repeat does
        // not change a maximum), so one Reshape + ReduceMax takes the per-class maximum.
        var byClass = Enumerable.Range(0, classCount).Select(_ => new List<float[]>()).ToArray();
        for (int i = 0; i < promptEmbeddings.Count; i++) byClass[promptClasses[i]].Add(promptEmbeddings[i]);
        if (byClass.FirstOrDefault(p => p.Count == 0) is not null)
            throw new ArgumentException("Every class needs at least one prompt.", nameof(promptClasses));
        int perClass = byClass.Max(p => p.Count), columns = classCount * perClass;

        // Prompt matrix transposed, [width, classes·perClass], so MatMul needs no Transpose node.
        var matrix = new float[width * columns];
        for (int c = 0; c < classCount; c++)
        {
            for (int k = 0; k < perClass; k++)
            {
                var t = byClass[c][k < byClass[c].Count ? k : 0];
                if (t.Length != width)
                    throw new ArgumentException($"A prompt embedding has {t.Length} values; the ECG embedding has {width}.", nameof(promptEmbeddings));
                int column = c * perClass + k;
                for (int d = 0; d < width; d++) matrix[d * columns + column] = t[d];
            }
        }

        var cos = g.Node("MatMul", [embedding, g.Constant("prompt_embeddings_t", matrix, width, columns)]);
        var logits = g.Node("Add", [g.Node("Mul", [cos, g.Scalar("logit_scale_exp", (float)Math.Exp(logitScale))]), g.Scalar("logit_bias", logitBias)]);
        var grouped = g.Node("Reshape", [logits, g.Constant("class_prompt_shape", [-1L, classCount, perClass], 3)]);
        var best = g.Node("ReduceMax", [grouped], logitName, OnnxGraphBuilder.Ints("axes", 2), OnnxGraphBuilder.Int("keepdims", 0));
        // σ as 1/(1 + e^−x): ONNX Runtime's Sigmoid kernel has an absolute error near 1e-7, which reorders the small
        // probabilities of strongly negative logits; this form keeps the relative precision of float32.
        var expNeg = g.Node("Exp", [g.Node("Neg", [best])]);
        g.Node("Reciprocal", [g.Node("Add", [expNeg, g.Scalar("one", 1f)])], scoreName);
    }
}
