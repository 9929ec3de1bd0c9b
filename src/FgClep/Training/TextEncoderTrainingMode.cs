namespace FgClep.Training;

/// <summary>How the text encoder (the BERT under the text projection) takes part in training; see <see cref="TextEncoderTraining"/>.</summary>
public enum TextEncoderTrainingMode
{
    /// <summary>Every text-encoder parameter trains.</summary>
    FineTune,

    /// <summary>No text-encoder parameter trains; each report is encoded once and cached (locked-text tuning).</summary>
    Frozen,

    /// <summary>Only the top <see cref="TextEncoderTraining.Layers"/> transformer layers train; embeddings and lower layers are frozen.</summary>
    TopLayers,
}
