namespace FgClep.Modeling.Text;

/// <summary>How <see cref="BertTextEncoder"/> turns per-token hidden states into one vector per text.</summary>
public enum TextPooling
{
    /// <summary>Average of the hidden states of the real (unmasked) tokens.</summary>
    Mean,

    /// <summary>The last hidden state of the first token (<c>[CLS]</c>), without BERT's pooler layer.</summary>
    Cls,
}
