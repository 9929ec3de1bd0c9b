using System.CommandLine;
using System.Globalization;
using FgClep.Datasets;
using FgClep.Inference;
using FgClep.Preprocessing;
using FgClep.Onnx;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary>
/// <c>fgclep export-onnx</c>: writes a model's ECG encoder (Signal → EcgEmbedding) or, with classes, a whole zero-shot
/// classifier (Signal → Score, Logit, EcgEmbedding) as ONNX, scored by ML.NET's <c>ApplyOnnxModel</c> or ONNX Runtime
/// without FgClep. The effective config is written beside the model as <c>FILE.config.json</c>.
/// </summary>
internal sealed class ExportOnnxCommand : FgClepCommand
{
    private readonly DataSourceOptions _data;
    private readonly Option<string> _model = ModelFile.Option();
    private readonly Option<string> _output = new("--output", "-o") { Description = "The .onnx file to write (replaced if present); FILE.config.json is written beside it.", Required = true, HelpName = "FILE.onnx" };
    private readonly Option<string[]> _class = new("--class") { Description = "A zero-shot class, its name also its prompt; repeat for each class, in output order (names may contain commas).", HelpName = "NAME" };
    private readonly Option<bool> _fromData = new("--zero-shot-from-data") { Description = "Take the zero-shot classes from the data source's labels (PTB-XL: the statements' descriptions as prompts)." };
    private readonly Option<bool> _ensemble = new("--ensemble") { Description = "Also score every prompt as \"<prompt> in lead <x>\" for the 12 leads and keep the best (the paper's lead ensemble)." };
    private readonly Option<string> _shape = new("--shape")
    {
        Description = "Tensor shapes: batch ([batch, leads·samples] in, [batch, width] out, for batched ONNX Runtime calls) or row (one ECG per call: [leads·samples] in, [width] out, so ML.NET's ApplyOnnxModel gives Vector<Single, width> columns, the types FgClep's own transforms give).",
        DefaultValueFactory = _ => "batch",
    };
    private readonly Option<bool> _int8 = new("--int8")
    {
        Description = "Quantize the ECG encoder to int8 (static; activation ranges measured on records of the data source, so give one: --synthetic N, --ptbxl DIR, ...; --split picks the records). About 2.5x the float32 throughput on CPUs with VNNI; check the accuracy on your data.",
    };
    private readonly Option<int> _calibrationRecords = new("--calibration-records")
    {
        Description = "With --int8: how many records of the data source (the first ones) the ranges are measured on.",
        DefaultValueFactory = _ => 256,
        HelpName = "N",
    };
    private string _stem = "export-onnx";

    public ExportOnnxCommand() : base("export-onnx", "Export a model to ONNX: the ECG encoder (Signal → EcgEmbedding), or with classes the zero-shot classifier (Signal → Score, Logit).",
        "fgclep export-onnx --model runs/clep/model.fgclep --output runs/clep/ecg-encoder.onnx",
        "fgclep export-onnx -m runs/clep --class \"atrial fibrillation\" --class \"sinus rhythm\" --class \"left bundle branch block\" --output afib.onnx",
        "fgclep export-onnx -m runs/ptbxl --zero-shot-from-data --ptbxl data/ptbxl --task super --ensemble --shape row --output ptbxl-super.onnx")
    {
        Add(_model, _output, _class, _fromData, _ensemble, _shape, _int8, _calibrationRecords);
        _shape.OneOf("batch", "row");
        _data = new DataSourceOptions(this, DataSourceOptions.All);
    }

    protected override string ConfigFileStem => _stem;

    protected override int Execute(ParseResult result, CliOutput output, CancellationToken cancellationToken)
    {
        string path = result.GetValue(_output)!;
        if (!string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase))
            throw new CliUsageException($"--output '{path}' does not end in .onnx", "Name the file FILE.onnx; FILE.config.json is written beside it");
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;

        using var model = ModelFile.Load(result.GetValue(_model)!);
        var classes = Classes(result, model.Preprocessing);
        bool ensemble = result.GetValue(_ensemble);
        if (ensemble && classes is null)
            throw new CliUsageException("--ensemble without classes", "The lead ensemble is a zero-shot setting: add --class NAME (repeated) or --zero-shot-from-data with a data source");

        var calibration = result.GetValue(_int8) ? CalibrationSignals(result, model, output, cancellationToken) : null;
        if (calibration is null && result.GetResult(_calibrationRecords) is { Implicit: false })
            throw new CliUsageException("--calibration-records without --int8", "Add --int8 to quantize, or leave --calibration-records out");

        Directory.CreateDirectory(folder);
        _stem = Path.GetFileNameWithoutExtension(full);
        cancellationToken.ThrowIfCancellationRequested();
        var shape = result.GetValue(_shape) == "row" ? OnnxExportShape.Row : OnnxExportShape.Batch;
        if (classes is null) OnnxExporter.ExportEcgEncoder(model, full, shape, calibration);
        else OnnxExporter.ExportZeroShotClassifier(model, classes, ensemble, full, shape, calibration);
        string config = SaveEffectiveConfig(result, folder);

        // Reading the file back with ONNX Runtime checks that it loads, and gives the shapes as a scorer sees them.
        using var session = new InferenceSession(full);
        var inputs = Describe(session.InputMetadata);
        var outputs = Describe(session.OutputMetadata);
        var pre = model.Preprocessing;
        string kind = classes is null ? "ecg-encoder" : "zero-shot";
        output.Info(classes is null
            ? $"Wrote the{(calibration is null ? "" : " int8")} ECG encoder to {full}"
            : string.Create(CultureInfo.InvariantCulture, $"Wrote the{(calibration is null ? "" : " int8")} zero-shot classifier over {classes.Count} classes{(ensemble ? " (lead ensemble)" : "")} to {full}"));
        if (calibration is not null)
            output.Info(string.Create(CultureInfo.InvariantCulture, $"int8: activation ranges measured on {calibration.Count} records; compare its scores with the float32 export's on your data before you deploy it"));
        output.Info($"Effective config: {config}");
        var table = new Table().AddColumns("", "Name", "Type", "Shape");
        foreach (var (role, list) in new[] { ("input", inputs), ("output", outputs) })
            foreach (var t in list) table.AddRow(new Text(role), new Text(t.Name), new Text(t.Type), new Text(Shape(t.Shape)));
        output.Table(table);
        string batching = shape == OnnxExportShape.Row
            ? ", one ECG per call; ML.NET columns are Vector<Single, width>."
            : "; the batch dimension (-1 in --json) is free, and ML.NET reads it as 1 (Vector<Single, 1, width>; --shape row gives Vector<Single, width>).";
        output.Info(string.Create(CultureInfo.InvariantCulture,
            $"The input is a preprocessed signal: {pre.Leads.Count} leads × {pre.SampleCount} samples at {pre.SamplingRate} Hz, lead-major, flattened (as ClepEncoder.Preprocessor makes it){batching}"));
        output.Info("Score it with ML.NET:");
        foreach (var line in UsageHint(full, outputs.Select(o => o.Name).ToArray())) output.Info("  " + line);

        output.Result(new
        {
            onnx = full,
            config,
            kind,
            classes = classes?.Select(c => c.Name),
            ensemble,
            shape = shape == OnnxExportShape.Row ? "row" : "batch",
            int8 = calibration is not null,
            calibrationRecords = calibration?.Count,
            inputs,
            outputs,
            preprocessing = new { leads = pre.Leads, samples = pre.SampleCount, samplingRate = pre.SamplingRate },
        });
        return CliApp.Ok;
    }

    private IReadOnlyList<float[]> CalibrationSignals(ParseResult result, ClepEncoder model, CliOutput output, CancellationToken cancellationToken)
    {
        int count = result.GetValue(_calibrationRecords);
        if (count < 1) throw new CliUsageException($"--calibration-records {count}", "Measure the ranges on at least 1 record; a few hundred are usual");
        if (!_data.IsGiven(result))
            throw new CliUsageException("--int8 without a data source", "int8 export measures activation ranges on records: add --synthetic N, --ptbxl DIR, --wfdb DIR, --challenge DIR or --mimic DIR");
        var loaded = _data.Load(result, _data.SplitOf(result), model.Preprocessing);
        var rows = (loaded with { Source = DataSourceOptions.First(loaded.Source, count) }).Read(output, cancellationToken);
        if (rows.Count == 0) throw new CliUsageException($"--int8: {loaded.Description} has no records to calibrate on", "Choose a data source or --split with records");
        return rows.Signals;
    }

    private IReadOnlyList<ZeroShotClass>? Classes(ParseResult result, EcgPreprocessorOptions preprocessing)
    {
        var names = result.GetValue(_class) ?? [];
        bool fromData = result.GetValue(_fromData);
        if (names.Length > 0 && fromData)
            throw new CliUsageException("both --class and --zero-shot-from-data given", "Name the classes with --class, or take them from the data's labels, not both");
        if (fromData)
        {
            var loaded = _data.Load(result, _data.SplitOf(result), preprocessing);
            return DataPrompts.Classes(loaded) ?? throw new CliUsageException($"--zero-shot-from-data: {loaded.Description} has no labels",
                "Use a labelled source (--ptbxl with --task, --challenge with --labels, --synthetic N), or name the classes with --class");
        }
        if (names.Length == 0) return null;
        if (names.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            throw new CliUsageException("an empty --class name", "Give each class a name, e.g. --class \"atrial fibrillation\"");
        var duplicate = names.GroupBy(n => n.Trim(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CliUsageException($"--class '{duplicate.Key}' is given twice", "Give each class once; the outputs have one column per class");
        return names.Select(n => new ZeroShotClass(n.Trim())).ToArray();
    }

    internal sealed record TensorInfo(string Name, string Type, long[] Shape);

    private static TensorInfo[] Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(m => new TensorInfo(m.Key, m.Value.ElementDataType.ToString().ToLowerInvariant(), m.Value.Dimensions.Select(d => (long)d).ToArray())).ToArray();

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape.Select(d => d < 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Three lines of C# that score the exported file with ML.NET's OnnxTransformer.</summary>
    internal static string[] UsageHint(string onnxPath, IReadOnlyList<string> outputs) =>
    [
        $"var pipeline = mlContext.Transforms.ApplyOnnxModel(outputColumnNames: new[] {{ {string.Join(", ", outputs.Select(o => $"\"{o}\""))} }},",
        $"    inputColumnNames: new[] {{ \"{OnnxExporter.SignalInput}\" }}, modelFile: @\"{onnxPath}\");   // Signal: float vector, known size",
        "var scored = pipeline.Fit(data).Transform(data);   // or FgClepOnnxCatalogExtensions.ApplyFgClepOnnx(mlContext.Transforms, path)",
    ];
}
