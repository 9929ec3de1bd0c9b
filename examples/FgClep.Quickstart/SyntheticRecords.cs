using System.Globalization;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Preprocessing;

namespace FgClep.Quickstart;

/// <summary>The quickstart's records: generated, preprocessed once (the raw 500 Hz signals are dropped) and given a split.</summary>
internal static class SyntheticRecords
{
    /// <summary>Records <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> − 1, generated and preprocessed on all cores.</summary>
    public static PreprocessedEcg[] Build(SyntheticEcgGenerator generator, EcgPreprocessor preprocessor, int start, int count, string split) =>
        EcgCorpus.Preprocess(count, i => generator.Generate(start + i), preprocessor, parallel: true)
            .Select(r => r with { Split = split }).ToArray();

    /// <summary>The heart rate the generator drew for <paramref name="record"/>, in beats per minute.</summary>
    public static double HeartRate(PreprocessedEcg record) =>
        double.Parse(record.Metadata[SyntheticEcgGenerator.HeartRateKey], CultureInfo.InvariantCulture);
}
