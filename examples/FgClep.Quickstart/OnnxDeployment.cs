using System.Diagnostics;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Evaluation;
using FgClep.Inference;
using FgClep.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Quickstart;

/// <summary>
/// Deployment: the FG-CLEP zero-shot classifier exported to one ONNX file, scored by ML.NET's own OnnxTransformer and saved as a
/// standard ML.NET model zip that needs no FgClep types; checked against the TorchSharp model on the test records. The same
/// classifier is exported again with its encoder quantized to int8 (calibrated on training records), and both files' zero-shot
/// macro AUROC on the test records is reported.
/// </summary>
internal static class OnnxDeployment
{
    private const int CalibrationRecords = 256;

    private sealed class SignalRow
    {
        [VectorType(12 * 1000)]
        public float[] Signal = Array.Empty<float>();
    }

    public static object Run(MLContext ml, ClepEncoder model, IReadOnlyList<PreprocessedEcg> train, IReadOnlyList<PreprocessedEcg> test,
        string directory, TextWriter log)
    {
        string onnxPath = Path.Combine(directory, "fgclep-zeroshot.onnx");
        var classes = SyntheticEcgGenerator.Conditions.Select(c => new ZeroShotClass(c)).ToList();
        // Row: one ECG per call, so the Score column is Vector<Single, classes>, as ZeroShotEcg gives it.
        OnnxExporter.ExportZeroShotClassifier(model, classes, ensembleOverLeads: false, onnxPath, OnnxExportShape.Row);

        var data = ml.Data.LoadFromEnumerable(test.Select(r => new SignalRow { Signal = r.Input }));
        var pipeline = ml.Transforms.ApplyOnnxModel(new[] { OnnxExporter.ScoreOutput, OnnxExporter.LogitOutput }, new[] { OnnxExporter.SignalInput }, onnxPath).Fit(data);
        string zipPath = Path.Combine(directory, "fgclep-zeroshot.mlnet.zip");
        ml.Model.Save(pipeline, data.Schema, zipPath);

        var loaded = new MLContext().Model.Load(zipPath, out _);
        var clock = Stopwatch.StartNew();
        var (onnxScores, onnxLogits) = ScoresAndLogits(loaded.Transform(data));
        double onnxSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var classifier = new ZeroShotClassifier(model, classes);
        var torchScores = model.EmbedSignals(test.Select(r => r.Input).ToList()).Select(e => classifier.Score(e)).ToList();
        double torchSeconds = clock.Elapsed.TotalSeconds;

        int sameTop = 0;
        for (int i = 0; i < test.Count; i++)
            if (ArgMax(onnxScores[i]) == ArgMax(torchScores[i])) sameTop++;
        log.WriteLine($"ONNX: {onnxPath} and the ML.NET model zip {zipPath} (ApplyOnnxModel; no FgClep types needed to score)");
        log.WriteLine($"  same top class as TorchSharp on {sameTop}/{test.Count} test records; scored in {onnxSeconds:F1} s (ONNX Runtime, row by row) vs {torchSeconds:F1} s (TorchSharp, batched)");

        // int8: the same classifier with the encoder quantized, ranges measured on training records (never the test records).
        string int8Path = Path.Combine(directory, "fgclep-zeroshot.int8.onnx");
        var calibration = train.Take(CalibrationRecords).Select(r => r.Input).ToList();
        OnnxExporter.ExportZeroShotClassifier(model, classes, ensembleOverLeads: false, int8Path, OnnxExportShape.Row, calibration);
        var int8Logits = ml.Transforms.ApplyOnnxModel(new[] { OnnxExporter.LogitOutput }, new[] { OnnxExporter.SignalInput }, int8Path).Fit(data)
            .Transform(data).GetColumn<float[]>(OnnxExporter.LogitOutput).ToList();
        var labels = MultiHotLabels.Rows(test.Select(r => r.Labels), SyntheticEcgGenerator.Conditions).SelectMany(l => l).ToArray();
        double floatAuroc = RocAuc.ComputeMacro(onnxLogits.SelectMany(l => l).ToArray(), labels, classes.Count).Macro;
        double int8Auroc = RocAuc.ComputeMacro(int8Logits.SelectMany(l => l).ToArray(), labels, classes.Count).Macro;
        int int8SameTop = Enumerable.Range(0, test.Count).Count(i => ArgMax(int8Logits[i]) == ArgMax(onnxLogits[i]));
        log.WriteLine($"  int8: {int8Path} (calibrated on {calibration.Count} training records): zero-shot macro AUROC {int8Auroc:F4} vs float32 {floatAuroc:F4}; same top class on {int8SameTop}/{test.Count}");

        return new
        {
            onnx = onnxPath, mlnetZip = zipPath, sameTopClass = sameTop, records = test.Count,
            int8 = new
            {
                onnx = int8Path, calibrationRecords = calibration.Count, zeroShotMacroAuroc = Math.Round(int8Auroc, 4),
                float32ZeroShotMacroAuroc = Math.Round(floatAuroc, 4), aurocDifference = Math.Round(int8Auroc - floatAuroc, 4), sameTopClassAsFloat32 = int8SameTop,
            },
        };
    }

    /// <summary>Both outputs in one pass: ONNX Runtime runs once per row for all the columns a cursor reads.</summary>
    private static (List<float[]> Scores, List<float[]> Logits) ScoresAndLogits(IDataView scored)
    {
        var scores = new List<float[]>();
        var logits = new List<float[]>();
        var scoreColumn = scored.Schema[OnnxExporter.ScoreOutput];
        var logitColumn = scored.Schema[OnnxExporter.LogitOutput];
        using var cursor = scored.GetRowCursor(new[] { scoreColumn, logitColumn });
        var getScore = cursor.GetGetter<VBuffer<float>>(scoreColumn);
        var getLogit = cursor.GetGetter<VBuffer<float>>(logitColumn);
        VBuffer<float> score = default, logit = default;
        while (cursor.MoveNext())
        {
            getScore(ref score);
            getLogit(ref logit);
            scores.Add(score.DenseValues().ToArray());
            logits.Add(logit.DenseValues().ToArray());
        }
        return (scores, logits);
    }

    private static int ArgMax(float[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
