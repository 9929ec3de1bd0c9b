namespace FgClep.Training;

/// <summary>The number type the ECG encoder's convolutions compute in during training.</summary>
public enum TrainingPrecision
{
    /// <summary>float32 throughout (default).</summary>
    Float32,

    /// <summary>
    /// Mixed precision: each convolution of the ECG encoder casts its input and weight to bfloat16 and its output back;
    /// weights, gradients, batch norm, the projection, the loss and AdamW stay float32. Faster on CPUs with bfloat16
    /// instructions (AVX-512 BF16, AMX) and on GPUs; inference after training is float32.
    /// </summary>
    BFloat16,
}
