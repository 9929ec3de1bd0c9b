using System.Diagnostics;
using FgClep.Datasets;
using FgClep.Datasets.Synthetic;
using FgClep.Inference;
using FgClep.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.Quickstart;

/// <summary>
/// Deployment: the FG-CLEP zero-shot classifier exported to one ONNX file, scored by ML.NET's own OnnxTransformer and saved as a
/// standard ML.NET model zip that needs no FgClep types; checked against the TorchSharp model on the test records.
/// </summary>
internal static class OnnxDeployment
{
    private sealed class SignalRow
    {
        [VectorType(12 * 1000)]
        public float[] Signal = Array.Empty<float>();
    }

    public static object Run(MLContext ml, ClepEncoder model, IReadOnlyList<PreprocessedEcg> test, string directory, TextWriter log)
    {
        string onnxPath = Path.Combine(directory, "fgclep-zeroshot.onnx");
        var classes = SyntheticEcgGenerator.Conditions.Select(c => new ZeroShotClass(c)).ToList();
        // Row: one ECG per call, so the Score column is Vector<Single, classes>, as ZeroShotEcg gives it.
        OnnxExporter.ExportZeroShotClassifier(model, classes, ensembleOverLeads: false, onnxPath, OnnxExportShape.Row);

        var data = ml.Data.LoadFromEnumerable(test.Select(r => new SignalRow { Signal = r.Input }));
        var pipeline = ml.Transforms.ApplyOnnxModel(new[] { OnnxExporter.ScoreOutput }, new[] { OnnxExporter.SignalInput }, onnxPath).Fit(data);
        string zipPath = Path.Combine(directory, "fgclep-zeroshot.mlnet.zip");
        ml.Model.Save(pipeline, data.Schema, zipPath);

        var loaded = new MLContext().Model.Load(zipPath, out _);
        var clock = Stopwatch.StartNew();
        var onnxScores = loaded.Transform(data).GetColumn<float[]>(OnnxExporter.ScoreOutput).ToList();
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
        return new { onnx = onnxPath, mlnetZip = zipPath, sameTopClass = sameTop, records = test.Count };
    }

    private static int ArgMax(float[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
