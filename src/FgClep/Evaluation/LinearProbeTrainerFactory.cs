using Microsoft.ML;

namespace FgClep.Evaluation;

/// <summary>
/// Creates the native ML.NET binary trainer of one label of a <see cref="LinearProbe"/>. The trainer reads a Boolean
/// label column and a known-size Single feature vector, and its model must write a Single <c>Score</c> column
/// (every ML.NET binary trainer does).
/// </summary>
/// <param name="mlContext">The context to create the trainer with.</param>
/// <param name="labelColumnName">The Boolean label column.</param>
/// <param name="featureColumnName">The embedding column.</param>
/// <param name="l2Regularization">The L2 weight being tried (from <see cref="LinearProbeOptions.L2Grid"/>).</param>
/// <example><code>
/// TrainerFactory = (ml, label, features, l2) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features, l2Regularization: l2)
/// </code></example>
public delegate IEstimator<ITransformer> LinearProbeTrainerFactory(MLContext mlContext, string labelColumnName, string featureColumnName, float l2Regularization);
